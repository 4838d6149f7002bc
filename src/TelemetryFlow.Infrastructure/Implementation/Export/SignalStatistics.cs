using TelemetryFlow.Application.Events;
using TelemetryFlow.Infrastructure.Implementation.Delivery;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Accounting for one signal: items accepted from the application, the outcome of each export
/// (observed by <see cref="ObservedExporter{T}"/> and <see cref="ExportRequestHandler"/>), and items
/// dropped by reason. For traces and logs, accepted = exported + dropped + pending always holds: items
/// stored on disk stay pending until a replay delivers them (then exported) or the backend refuses them
/// (then dropped). Items an earlier process stored are counted apart, in <c>ReplayedFromPreviousRun</c>.
/// Raises <see cref="ExportFailed"/>, <see cref="ExportRecovered"/> and <see cref="TelemetryDropped"/>
/// on changes only.
/// </summary>
internal sealed class SignalStatistics
{
    /// <summary>Drop reason: the in-memory queue was full.</summary>
    public const string QueueFull = "queue-full";

    /// <summary>Drop reason: the export failed and the items could not be kept.</summary>
    public const string ExportFailedReason = "export-failed";

    /// <summary>Drop reason: the backend refused the export for good (HTTP 400/401/403/413, gRPC INVALID_ARGUMENT/UNAUTHENTICATED/PERMISSION_DENIED).</summary>
    public const string ExportRejected = "export-rejected";

    /// <summary>Drop reason: the circuit breaker was open, so the backend was not called (and storage is off).</summary>
    public const string CircuitOpen = "circuit-open";

    /// <summary>Drop reason: the items should have been stored on disk, but the directory is at its size cap.</summary>
    public const string StorageFull = "storage-full";

    /// <summary>Drop reason: the items should have been stored on disk, but writing the file failed.</summary>
    public const string StorageError = "storage-error";

    /// <summary>Drop reason: stored items the backend refused for good when they were replayed.</summary>
    public const string ReplayRejected = "replay-rejected";

    /// <summary>Drop reason: an item larger than the request size cap even alone, with its resource and scope.</summary>
    public const string ItemTooLarge = "item-too-large";

    /// <summary>Drop reason: the client-side rate limit was exceeded.</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>Drop reason: still queued when the pipeline shut down (a flush that timed out, or a call racing shutdown).</summary>
    public const string NotFlushed = "not-flushed";

    /// <summary>How long after a drop the signal still counts as dropping (and health as Degraded).</summary>
    public static readonly TimeSpan DroppingWindow = TimeSpan.FromMinutes(1);

    /// <summary>Drop reason: a measurement for a new metric name beyond the metric stream limit (<c>TelemetryLimits.MaxMetricStreams</c>).</summary>
    public const string MetricLimit = "metric-limit";

    /// <summary>Drop reason: a counter increment refused because the counter's total could otherwise pass <see cref="long.MaxValue"/> and wrap.</summary>
    public const string ValueOutOfRange = "value-out-of-range";

    private readonly StripedCounter _recorded = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ITelemetryEventSink? _events;
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly HashSet<string> _droppingReasons = new(StringComparer.Ordinal);
    private Func<long>? _queueDrops;
    private readonly Func<CircuitState>? _circuitState;
    private long _stored;
    private long _replayedFromPreviousRun;
    private bool _credentialsRejected;
    private long _queueDropsSeen;
    private long _exported;
    private long _failed;
    private long _attempts;
    private int _consecutiveFailures;
    private DateTimeOffset? _lastSuccessAt;
    private DateTimeOffset? _lastFailureAt;
    private DateTimeOffset? _lastDroppedAt;
    private string? _lastFailureReason;
    private TransportFailure? _pendingTransportFailure;

    /// <param name="signal">The signal counted.</param>
    /// <param name="time">The clock.</param>
    /// <param name="events">Where changes are raised, if anywhere.</param>
    /// <param name="circuitState">Reads the state of the signal's circuit breaker for status; none when the breaker is off.</param>
    public SignalStatistics(SignalType signal, TimeProvider time, ITelemetryEventSink? events = null, Func<CircuitState>? circuitState = null)
    {
        Signal = signal;
        _time = time;
        _events = events;
        _circuitState = circuitState;
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
    /// <param name="reason">The reason, never containing a secret.</param>
    /// <param name="credentialsRejected">Whether the backend refused the credentials.</param>
    public void NoteTransportFailure(string reason, bool credentialsRejected = false) =>
        Volatile.Write(ref _pendingTransportFailure, new TransportFailure(reason, credentialsRejected));

    public void RecordDropped(string reason, long count = 1)
    {
        bool started;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _lastDroppedAt = now;
            _dropped[reason] = _dropped.GetValueOrDefault(reason) + count;
            started = _droppingReasons.Add(reason);
        }

        if (started)
        {
            _events?.Raise(new TelemetryDropped(now, Signal, reason, count));
        }
    }

    public void RecordExport(long items, bool success) => RecordExport(items, success ? ExportOutcome.Delivered : ExportOutcome.Failed);

    /// <summary>Records one export of <paramref name="items"/> and what became of them.</summary>
    public void RecordExport(long items, ExportOutcome outcome)
    {
        var success = outcome == ExportOutcome.Delivered;
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
                _credentialsRejected = false;
                _droppingReasons.Clear();
            }
            else
            {
                _failed += items;
                _consecutiveFailures++;
                _lastFailureAt = now;
                var transport = Interlocked.Exchange(ref _pendingTransportFailure, null);
                _lastFailureReason = transport?.Reason ?? "the exporter reported a failure";
                _credentialsRejected = transport?.CredentialsRejected ?? false;
                if (outcome == ExportOutcome.Stored)
                {
                    _stored += items;
                }

                if (_consecutiveFailures == 1)
                {
                    change = new ExportFailed(now, Signal, _lastFailureReason, items);
                }
            }
        }

        if (!IsAggregated && DropReason(outcome) is { } reason)
        {
            RecordDropped(reason, items);
        }

        if (change is not null)
        {
            _events?.Raise(change);
        }

        PollQueueDrops();
        ExportObserved?.Invoke();
    }

    /// <summary>Stored items were delivered by a replay.</summary>
    /// <param name="items">Items in the replayed batch.</param>
    /// <param name="storedByThisRun">Whether this process stored them (else an earlier one did).</param>
    public void RecordReplayed(long items, bool storedByThisRun)
    {
        lock (_gate)
        {
            if (storedByThisRun)
            {
                _exported += items;
                _stored = Math.Max(0, _stored - items);
            }
            else
            {
                _replayedFromPreviousRun += items;
            }
        }

        ExportObserved?.Invoke();
    }

    /// <summary>The backend refused stored items for good when they were replayed; the file is gone.</summary>
    public void RecordReplayRejected(long items, bool storedByThisRun)
    {
        if (!storedByThisRun)
        {
            // Never part of this process's accounting.
            return;
        }

        lock (_gate)
        {
            _stored = Math.Max(0, _stored - items);
        }

        if (!IsAggregated)
        {
            RecordDropped(ReplayRejected, items);
        }
    }

    /// <summary>
    /// Marks the pipeline as shut down: from then on, items that were neither exported, dropped nor stored
    /// can never be delivered (a flush that timed out, or a call racing the shutdown), so status reports them
    /// as dropped with reason <see cref="NotFlushed"/> instead of pending forever.
    /// </summary>
    public void Close() => Volatile.Write(ref _closed, true);

    public SignalStatus Snapshot(bool enabled)
    {
        PollQueueDrops();
        lock (_gate)
        {
            var droppedByReason = new Dictionary<string, long>(_dropped, StringComparer.Ordinal);
            var recorded = _recorded.Value;
            var unsent = IsAggregated ? 0 : Math.Max(0, recorded - _exported - _dropped.Values.Sum() - _stored);
            if (Volatile.Read(ref _closed) && unsent > 0)
            {
                droppedByReason[NotFlushed] = droppedByReason.GetValueOrDefault(NotFlushed) + unsent;
            }

            var dropped = droppedByReason.Values.Sum();
            return new SignalStatus
            {
                Signal = Signal,
                Enabled = enabled,
                Recorded = recorded,
                Exported = _exported,
                Failed = _failed,
                ExportAttempts = _attempts,
                ConsecutiveFailures = _consecutiveFailures,
                LastSuccessAt = _lastSuccessAt,
                LastFailureAt = _lastFailureAt,
                LastFailureReason = _lastFailureReason,
                Dropped = dropped,
                DroppedByReason = droppedByReason,
                Pending = IsAggregated ? 0 : Math.Max(0, recorded - _exported - dropped),
                CircuitState = _circuitState?.Invoke() ?? CircuitState.Closed,
                Stored = _stored,
                ReplayedFromPreviousRun = _replayedFromPreviousRun,
                CredentialsRejected = _consecutiveFailures > 0 && _credentialsRejected,
                LastDroppedAt = _lastDroppedAt,
                IsDropping = _lastDroppedAt is { } droppedAt && _time.GetUtcNow() - droppedAt < DroppingWindow,
            };
        }
    }

    private bool _closed;

    private static string? DropReason(ExportOutcome outcome) => outcome switch
    {
        ExportOutcome.Delivered or ExportOutcome.Stored => null,
        ExportOutcome.Rejected => ExportRejected,
        ExportOutcome.CircuitOpen => CircuitOpen,
        ExportOutcome.StorageFull => StorageFull,
        ExportOutcome.StorageError => StorageError,
        _ => ExportFailedReason,
    };

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

    private sealed record TransportFailure(string Reason, bool CredentialsRejected);
}
