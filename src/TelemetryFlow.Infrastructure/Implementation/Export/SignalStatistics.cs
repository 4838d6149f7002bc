using TelemetryFlow.Application.Events;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Accounting for one signal: items accepted from the application, the outcome of each export
/// (observed by <see cref="ObservedExporter{T}"/> and <see cref="ExportRequestHandler"/>), and items
/// dropped by reason. For traces and logs, accepted = exported + dropped + pending always holds.
/// Raises <see cref="ExportFailed"/>, <see cref="ExportRecovered"/> and <see cref="TelemetryDropped"/>
/// on changes only.
/// </summary>
internal sealed class SignalStatistics
{
    /// <summary>Drop reason: the in-memory queue was full.</summary>
    public const string QueueFull = "queue-full";

    /// <summary>Drop reason: the export failed and the items could not be kept.</summary>
    public const string ExportFailedReason = "export-failed";

    /// <summary>Drop reason: the client-side rate limit was exceeded.</summary>
    public const string RateLimited = "rate-limited";

    private readonly StripedCounter _recorded = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ITelemetryEventSink? _events;
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly HashSet<string> _droppingReasons = new(StringComparer.Ordinal);
    private Func<long>? _queueDrops;
    private long _queueDropsSeen;
    private long _exported;
    private long _failed;
    private long _attempts;
    private int _consecutiveFailures;
    private DateTimeOffset? _lastSuccessAt;
    private DateTimeOffset? _lastFailureAt;
    private string? _lastFailureReason;
    private string? _pendingTransportFailure;

    public SignalStatistics(SignalType signal, TimeProvider time, ITelemetryEventSink? events = null)
    {
        Signal = signal;
        _time = time;
        _events = events;
    }

    public SignalType Signal { get; }

    /// <summary>Called after every export outcome (the runtime re-evaluates health).</summary>
    public Action? ExportObserved { get; set; }

    /// <summary>Whether the signal's items are aggregated (metrics), so exported items are metric points, not measurements.</summary>
    public bool IsAggregated { get; init; }

    public void AddRecorded() => _recorded.Increment();

    /// <summary>Reads the export processor's own count of items it dropped because its queue was full.</summary>
    public void UseQueueDropSource(Func<long> queueDrops) => _queueDrops = queueDrops;

    /// <summary>Remembers why the last request failed at the transport level, for the export result that follows.</summary>
    public void NoteTransportFailure(string reason) => Volatile.Write(ref _pendingTransportFailure, reason);

    public void RecordDropped(string reason, long count = 1)
    {
        bool started;
        lock (_gate)
        {
            _dropped[reason] = _dropped.GetValueOrDefault(reason) + count;
            started = _droppingReasons.Add(reason);
        }

        if (started)
        {
            _events?.Raise(new TelemetryDropped(_time.GetUtcNow(), Signal, reason, count));
        }
    }

    public void RecordExport(long items, bool success)
    {
        var now = _time.GetUtcNow();
        TelemetryFlowEvent? change = null;
        lock (_gate)
        {
            _attempts++;
            if (success)
            {
                _exported += items;
                if (_consecutiveFailures > 0)
                {
                    change = new ExportRecovered(now, Signal, _consecutiveFailures);
                }

                _consecutiveFailures = 0;
                _lastSuccessAt = now;
                _pendingTransportFailure = null;
                _droppingReasons.Clear();
            }
            else
            {
                _failed += items;
                _consecutiveFailures++;
                _lastFailureAt = now;
                _lastFailureReason = Interlocked.Exchange(ref _pendingTransportFailure, null) ?? "the exporter reported a failure";
                if (_consecutiveFailures == 1)
                {
                    change = new ExportFailed(now, Signal, _lastFailureReason, items);
                }
            }
        }

        if (!success && !IsAggregated)
        {
            RecordDropped(ExportFailedReason, items);
        }

        if (change is not null)
        {
            _events?.Raise(change);
        }

        PollQueueDrops();
        ExportObserved?.Invoke();
    }

    public SignalStatus Snapshot(bool enabled)
    {
        PollQueueDrops();
        lock (_gate)
        {
            var dropped = _dropped.Values.Sum();
            var recorded = _recorded.Value;
            return new SignalStatus(
                Signal,
                enabled,
                recorded,
                _exported,
                _failed,
                _attempts,
                _consecutiveFailures,
                _lastSuccessAt,
                _lastFailureAt,
                _lastFailureReason)
            {
                Dropped = dropped,
                DroppedByReason = new Dictionary<string, long>(_dropped, StringComparer.Ordinal),
                Pending = IsAggregated ? 0 : Math.Max(0, recorded - _exported - dropped),
            };
        }
    }

    private void PollQueueDrops()
    {
        if (_queueDrops is null)
        {
            return;
        }

        var total = _queueDrops();
        long fresh;
        lock (_gate)
        {
            fresh = total - _queueDropsSeen;
            _queueDropsSeen = Math.Max(_queueDropsSeen, total);
        }

        if (fresh > 0)
        {
            RecordDropped(QueueFull, fresh);
        }
    }
}
