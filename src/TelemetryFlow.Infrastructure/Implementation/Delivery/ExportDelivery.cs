using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// The delivery machinery of one client: the disk store and its replayer (when storage is configured), the
/// request size cap and budget, and the <see cref="DeliveryHandler"/> each exporter sends through. It asks the
/// circuit breakers before calling the backend and settles what became of each item in the export accounting.
/// The pipeline starts it before the exporters and shuts it down after them.
/// </summary>
internal sealed class ExportDelivery : IDisposable
{
    private readonly TelemetryConfig _config;
    private readonly TimeProvider _time;
    private readonly CircuitBreakers _breakers;
    private readonly ExportAccounting _accounting;
    private readonly ExportLedger _tracesLedger = new();
    private readonly ExportLedger _metricsLedger = new();
    private readonly ExportLedger _logsLedger = new();
    private readonly RequestSizeCap _sizeCap;
    private readonly RequestBudget _requestBudget;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private PersistentStore? _store;
    private Replayer? _replayer;

    public ExportDelivery(TelemetryConfig config, TimeProvider time, CircuitBreakers breakers, ExportAccounting accounting)
    {
        _config = config;
        _time = time;
        _breakers = breakers;
        _accounting = accounting;
        _sizeCap = new RequestSizeCap(config.MaxRequestSizeBytes);
        _requestBudget = new RequestBudget(config.RequestBudget, time);
        Tls = ExportTls.Load(config);
        ReplayInterval = config.CircuitBreaker.Enabled && config.CircuitBreaker.CoolDown < Replayer.DefaultInterval
            ? config.CircuitBreaker.CoolDown
            : Replayer.DefaultInterval;
    }

    /// <summary>
    /// Time between two replay passes when no successful export triggers one earlier: the replayer's default,
    /// or the circuit breaker's cool-down when shorter, so a probe goes out as soon as one is allowed.
    /// </summary>
    public TimeSpan ReplayInterval { get; }

    /// <summary>The configured CA and client certificate, loaded once; <see langword="null"/> when none is configured.</summary>
    public ExportTls? Tls { get; }

    /// <summary>The API key's request budget, shared by the three signals and the replayer.</summary>
    public RequestBudget RequestBudget => _requestBudget;

    /// <summary>Cancelled when delivery stops: requests held for the budget or in flight give up.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The disk store once started with storage configured; otherwise <see langword="null"/>.</summary>
    public PersistentStore? Store => Volatile.Read(ref _store);

    public CircuitBreaker? BreakerFor(SignalType signal) => _breakers.For(signal);

    /// <summary>The tally of the export in progress for <paramref name="signal"/>, shared by its exporter and its delivery handler.</summary>
    public ExportLedger LedgerFor(SignalType signal) => signal switch
    {
        SignalType.Traces => _tracesLedger,
        SignalType.Metrics => _metricsLedger,
        _ => _logsLedger,
    };

    /// <summary>Opens the store (creating the directory) and starts replaying what an earlier run left. Idempotent.</summary>
    /// <exception cref="IOException">The storage directory cannot be created or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not use the storage directory.</exception>
    public void Start()
    {
        if (_config.PersistentStorage is not { } settings || _store is not null)
        {
            return;
        }

        var store = new PersistentStore(settings, _time);
        var replayer = new Replayer(store, new StoredBatchSender(_config, _requestBudget, OtlpExporterOptionsFactory.CreateTransport(Tls)), _breakers, _accounting, ReplayInterval);
        _replayer = replayer;
        Volatile.Write(ref _store, store);
        replayer.Start();
    }

    /// <summary>The handler chain an exporter of <paramref name="signal"/> sends through, above <paramref name="inner"/>.</summary>
    public HttpMessageHandler CreateHandler(SignalType signal, SignalStatistics statistics, HttpMessageHandler inner) =>
        new DeliveryHandler(signal, this, statistics, LedgerFor(signal), _sizeCap, _requestBudget, new RetryPolicy(_config.Retry), _config.ExportTimeout, _time, inner);

    /// <summary>A live export just succeeded: the backend is up, so stored batches can go now.</summary>
    public void NotifyDelivered() => _replayer?.Kick();

    /// <summary>One replay pass within <paramref name="timeout"/>; false when it did not finish in time.</summary>
    public bool Flush(TimeSpan timeout) => _replayer?.ReplayOnce(timeout) ?? true;

    /// <summary>A last replay pass within <paramref name="timeout"/>, then stops replaying.</summary>
    public bool Shutdown(TimeSpan timeout)
    {
        var flushed = Flush(timeout);
        Stop();
        return flushed;
    }

    /// <summary>
    /// From <paramref name="deadline"/> on, requests held for the budget or in flight give up (stored, or dropped and
    /// counted): a shutdown must end within its timeout even when the backend makes the client wait.
    /// </summary>
    public void StopWaitingAfter(TimeSpan deadline)
    {
        if (Volatile.Read(ref _disposed) == 0 && deadline != Timeout.InfiniteTimeSpan)
        {
            try
            {
                _stopping.CancelAfter(deadline);
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: nothing waits any more.
            }
        }
    }

    /// <summary>Stops the replayer; what is still on disk stays there for the next run.</summary>
    public void Stop()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile.
            }
        }

        _replayer?.Stop(TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _replayer?.Dispose();

        // Not disposed: a handler still running on an exporter thread may read the token after this.
    }
}
