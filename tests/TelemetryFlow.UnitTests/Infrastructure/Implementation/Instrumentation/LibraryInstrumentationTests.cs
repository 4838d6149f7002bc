using System.Data.Common;
using System.Diagnostics;
using NSubstitute;
using TelemetryFlow.Infrastructure.Implementation.Instrumentation;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// The listener wiring, with stand-in listeners named like EF Core's and SqlClient's raising their events (EF Core on
/// SQL Server runs its commands through SqlClient, which needs a server to show in an integration test).
/// </summary>
public sealed class LibraryInstrumentationTests : IDisposable
{
    private const string EfExecuting = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuting";
    private const string EfExecuted = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    private const string SqlBefore = "Microsoft.Data.SqlClient.WriteCommandBefore";
    private const string SqlAfter = "Microsoft.Data.SqlClient.WriteCommandAfter";

    private readonly LibraryInstrumentation _instrumentation = new(TracedLibraries.All);
    private readonly ActivityListener _listener;
    private readonly List<Activity> _started = [];
    private readonly DiagnosticListener _ef;
    private readonly DiagnosticListener _sql;

    public LibraryInstrumentationTests()
    {
        var sources = _instrumentation.OwnedSources.ToList();
        _listener = new ActivityListener
        {
            ShouldListenTo = sources.Contains,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => { lock (_started) { _started.Add(activity); } },
        };
        ActivitySource.AddActivityListener(_listener);
        _instrumentation.Start();
        _ef = new DiagnosticListener("Microsoft.EntityFrameworkCore");
        _sql = new DiagnosticListener("SqlClientDiagnosticListener");
    }

    [Fact]
    public void SqlClientCommand_AlreadyTracedByEntityFrameworkCore_GetsNoSecondSpan()
    {
        var command = Substitute.For<DbCommand>();

        _ef.Write(EfExecuting, new EfPayload(command));
        _sql.Write(SqlBefore, SqlPayload(command));
        _sql.Write(SqlAfter, SqlPayload(command));
        _ef.Write(EfExecuted, new EfPayload(command));

        var span = Assert.Single(_started);
        Assert.Equal("TelemetryFlow.Instrumentation.EntityFrameworkCore", span.Source.Name);
        Assert.True(span.IsStopped);
    }

    [Fact]
    public void SqlClientCommand_Alone_GetsItsSpan()
    {
        var command = Substitute.For<DbCommand>();

        _sql.Write(SqlBefore, SqlPayload(command));
        _sql.Write(SqlAfter, SqlPayload(command));

        var span = Assert.Single(_started);
        Assert.Equal("TelemetryFlow.Instrumentation.SqlClient", span.Source.Name);
        Assert.True(span.IsStopped);
    }

    [Fact]
    public void Disposed_StopsListening()
    {
        _instrumentation.Dispose();

        _ef.Write(EfExecuting, new EfPayload(Substitute.For<DbCommand>()));

        Assert.Empty(_started);
    }

    public void Dispose()
    {
        _ef.Dispose();
        _sql.Dispose();
        _instrumentation.Dispose();
        _listener.Dispose();
    }

    private static List<KeyValuePair<string, object>> SqlPayload(DbCommand command) => [new("Command", command)];

    private sealed class EfPayload(DbCommand command)
    {
        public DbCommand Command { get; } = command;
    }
}
