using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// One library's database spans: a Client span per command, started when it executes and ended when it completes or fails,
/// with OpenTelemetry's database attributes (<c>db.system.name</c>, <c>db.namespace</c>, <c>server.address</c>,
/// <c>db.query.text</c> with literals redacted, <c>db.query.summary</c> as the span name, <c>error.type</c>).
/// </summary>
/// <remarks>
/// Spans are keyed by their command, not by <see cref="Activity.Current"/>, which does not flow back out of a library's
/// async method. When OpenTelemetry's own instrumentation for the same library is in use (its assembly is loaded and a
/// tracer provider listens to its source) this records nothing, so an operation is never exported twice.
/// </remarks>
internal sealed class DbCommandSpans : IDisposable
{
    private readonly ConditionalWeakTable<DbCommand, Activity> _open = [];
    private readonly ActivitySource _openTelemetrySource;
    private readonly LoadedAssemblies _assemblies;
    private readonly string _openTelemetryAssembly;

    /// <param name="library">The library's name in diagnostics, for example <c>EntityFrameworkCore</c>.</param>
    /// <param name="openTelemetryInstrumentation">The assembly and activity source name of OpenTelemetry's instrumentation for the library.</param>
    /// <param name="assemblies">Which assemblies the process has loaded.</param>
    public DbCommandSpans(string library, string openTelemetryInstrumentation, LoadedAssemblies assemblies)
    {
        Library = library;
        Source = new ActivitySource(InstrumentationNames.SourcePrefix + library, TelemetryConfig.DistroVersion);
        _openTelemetrySource = new ActivitySource(openTelemetryInstrumentation);
        _openTelemetryAssembly = openTelemetryInstrumentation;
        _assemblies = assemblies;
    }

    public string Library { get; }

    public ActivitySource Source { get; }

    /// <summary>Whether a span of this library is open for <paramref name="command"/>.</summary>
    public bool IsOpen(DbCommand command) => _open.TryGetValue(command, out _);

    public void Start(DbCommand command)
    {
        if (!Source.HasListeners() || IsTracedByOpenTelemetry())
        {
            return;
        }

        // The name only (the database, else the system) until the span is known to record: parsing the data source and
        // reading and redacting the query text are the costly parts, done only for a span that records its data, which
        // then takes the query's summary as its name.
        var database = command.Connection?.Database;
        var activity = Source.StartActivity(string.IsNullOrEmpty(database) ? DbSystem.NameOf(command.GetType().FullName) : database, ActivityKind.Client);
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            var system = DbSystem.Of(command);
            var (text, summary, procedure) = QueryOf(command);
            if (summary is not null)
            {
                activity.DisplayName = summary;
            }

            activity.SetTag("db.system.name", system.Name);
            activity.SetTag("db.namespace", system.Namespace);
            activity.SetTag("server.address", system.ServerAddress);
            activity.SetTag("server.port", system.ServerPort);
            activity.SetTag("db.query.text", text);
            activity.SetTag("db.query.summary", summary);
            activity.SetTag("db.stored_procedure.name", procedure);
        }

        _open.AddOrUpdate(command, activity);
    }

    public void Stop(DbCommand command, Exception? error)
    {
        if (!_open.TryGetValue(command, out var activity))
        {
            return;
        }

        _open.Remove(command);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().FullName);
        }

        // Stopping makes the span's parent current when the span is current; keep whatever else is current. With two
        // clients in one process the spans nest (one client's span is the other's parent) and end in listener order,
        // so never leave an ended span current: step past stopped ones to the nearest live ancestor.
        var current = Activity.Current;
        activity.Stop();
        var next = ReferenceEquals(current, activity) ? Activity.Current : current;
        while (next is { IsStopped: true })
        {
            next = next.Parent;
        }

        if (!ReferenceEquals(next, Activity.Current))
        {
            Activity.Current = next;
        }
    }

    public void Dispose()
    {
        Source.Dispose();
        _openTelemetrySource.Dispose();
    }

    private bool IsTracedByOpenTelemetry() => _openTelemetrySource.HasListeners() && _assemblies.IsLoaded(_openTelemetryAssembly);

    private static (string? Text, string? Summary, string? Procedure) QueryOf(DbCommand command)
    {
        var commandText = command.CommandText;
        if (string.IsNullOrWhiteSpace(commandText))
        {
            return (null, null, null);
        }

        if (command.CommandType == CommandType.StoredProcedure)
        {
            return (null, "EXECUTE " + commandText, commandText);
        }

        var (text, summary) = SqlQueryText.Parse(commandText);
        return (text, summary, null);
    }
}
