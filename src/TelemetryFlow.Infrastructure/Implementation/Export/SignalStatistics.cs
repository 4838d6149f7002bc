using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Export accounting for one signal: items recorded by the application, and the outcome of each
/// export as observed by <see cref="ObservedExporter{T}"/> and <see cref="ExportRequestHandler"/>.
/// </summary>
internal sealed class SignalStatistics
{
    private readonly StripedCounter _recorded = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private long _exported;
    private long _failed;
    private long _attempts;
    private int _consecutiveFailures;
    private DateTimeOffset? _lastSuccessAt;
    private DateTimeOffset? _lastFailureAt;
    private string? _lastFailureReason;
    private string? _pendingTransportFailure;

    public SignalStatistics(SignalType signal, TimeProvider time)
    {
        Signal = signal;
        _time = time;
    }

    public SignalType Signal { get; }

    public void AddRecorded() => _recorded.Increment();

    /// <summary>Remembers why the last request failed at the transport level, for the export result that follows.</summary>
    public void NoteTransportFailure(string reason) => Volatile.Write(ref _pendingTransportFailure, reason);

    public void RecordExport(long items, bool success)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _attempts++;
            if (success)
            {
                _exported += items;
                _consecutiveFailures = 0;
                _lastSuccessAt = now;
                _pendingTransportFailure = null;
                return;
            }

            _failed += items;
            _consecutiveFailures++;
            _lastFailureAt = now;
            _lastFailureReason = Interlocked.Exchange(ref _pendingTransportFailure, null) ?? "the exporter reported a failure";
        }
    }

    public SignalStatus Snapshot(bool enabled)
    {
        lock (_gate)
        {
            return new SignalStatus(
                Signal,
                enabled,
                _recorded.Value,
                _exported,
                _failed,
                _attempts,
                _consecutiveFailures,
                _lastSuccessAt,
                _lastFailureAt,
                _lastFailureReason);
        }
    }
}
