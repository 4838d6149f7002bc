using System.Data.Common;
using System.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// Traces the client libraries an application uses without any setup, and without the SDK referencing them: it watches
/// <see cref="DiagnosticListener.AllListeners"/> and subscribes to a library's listener when it appears (EF Core's
/// <c>Microsoft.EntityFrameworkCore</c>, SqlClient's <c>SqlClientDiagnosticListener</c>), and adds Grpc.Net.Client's
/// built-in activity source. A library the application never loads is never loaded here.
/// </summary>
/// <remarks>
/// One per client while it runs. Subscriptions start after the tracer provider is built, so the sources already have
/// their listener, and end with <see cref="Dispose"/>.
/// </remarks>
internal sealed class LibraryInstrumentation : IObserver<DiagnosticListener>, IDisposable
{
    private readonly TracedLibraries _libraries;
    private readonly LoadedAssemblies _assemblies = new();
    private readonly DbCommandSpans? _entityFrameworkCore;
    private readonly DbCommandSpans? _sqlClient;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    public LibraryInstrumentation(TracedLibraries libraries)
    {
        _libraries = libraries;
        if (libraries.HasFlag(TracedLibraries.EntityFrameworkCore))
        {
            _entityFrameworkCore = new DbCommandSpans("EntityFrameworkCore", InstrumentationNames.EntityFrameworkCoreOpenTelemetry, _assemblies);
        }

        if (libraries.HasFlag(TracedLibraries.SqlClient))
        {
            _sqlClient = new DbCommandSpans("SqlClient", InstrumentationNames.SqlClientOpenTelemetry, _assemblies);
        }
    }

    /// <summary>The activity sources the tracer provider must listen to.</summary>
    public IEnumerable<string> SourceNames
    {
        get
        {
            foreach (var source in OwnedSources)
            {
                yield return source.Name;
            }

            if (_libraries.HasFlag(TracedLibraries.GrpcClient))
            {
                yield return InstrumentationNames.GrpcClientSource;
            }
        }
    }

    /// <summary>The SDK's own library sources: owned by this client's instance, like its <c>TelemetryFlow</c> source.</summary>
    public IEnumerable<ActivitySource> OwnedSources =>
        new[] { _entityFrameworkCore?.Source, _sqlClient?.Source }.OfType<ActivitySource>();

    /// <summary>The span processor the tracer provider runs first (gRPC client spans), or <see langword="null"/>.</summary>
    public GrpcClientSpanProcessor? CreateGrpcProcessor() => _libraries.HasFlag(TracedLibraries.GrpcClient) ? new GrpcClientSpanProcessor() : null;

    /// <summary>Starts watching for the libraries' diagnostic listeners; existing ones are reported at once.</summary>
    public void Start()
    {
        if (_entityFrameworkCore is null && _sqlClient is null)
        {
            return;
        }

        var subscription = DiagnosticListener.AllListeners.Subscribe(this);
        lock (_gate)
        {
            if (_disposed)
            {
                subscription.Dispose();
                return;
            }

            _subscriptions.Add(subscription);
        }
    }

    public void OnNext(DiagnosticListener value)
    {
        IDisposable? subscription = null;
        if (_entityFrameworkCore is not null && value.Name == InstrumentationNames.EntityFrameworkCoreListener)
        {
            subscription = value.Subscribe(new EntityFrameworkCoreObserver(_entityFrameworkCore), EntityFrameworkCoreObserver.IsEnabled);
            TelemetryFlowEventSource.Log.LibraryDetected("EF Core", "TraceEntityFrameworkCore");
        }
        else if (_sqlClient is not null && value.Name == InstrumentationNames.SqlClientListener)
        {
            subscription = value.Subscribe(new SqlClientObserver(_sqlClient, TracedByEntityFrameworkCore), SqlClientObserver.IsEnabled);
            TelemetryFlowEventSource.Log.LibraryDetected("SqlClient", "TraceSqlClient");
        }

        if (subscription is null)
        {
            return;
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _subscriptions.Add(subscription);
                return;
            }
        }

        subscription.Dispose();
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
        _entityFrameworkCore?.Dispose();
        _sqlClient?.Dispose();
        _assemblies.Dispose();
    }

    private bool TracedByEntityFrameworkCore(DbCommand command) => _entityFrameworkCore?.IsOpen(command) == true;
}
