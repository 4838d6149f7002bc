using TelemetryFlow.Application.Common;
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
    /// <summary>How long after a drop the signal still counts as dropping (and health as Degraded).</summary>
    public static readonly TimeSpan DroppingWindow = TimeSpan.FromMinutes(1);

    private readonly StripedCounter _recorded = new();
    private readonly Dictionary<string, long> _failedByType = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ITelemetryEventSink? _events;
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly HashSet<string> _droppingReasons = new(StringComparer.Ordinal);
    private readonly CircuitBreaker? _breaker;
    private readonly Action? _exportObserved;
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
    private bool _closed;
    private long _processed;
    private long _retries;
    private long _rateLimitedResends;
    private long _pointsExported;

    /// <param name="signal">The signal counted.</param>
    /// <param name="time">The clock.</param>
    /// <param name="events">Where changes are raised, if anywhere.</param>
    /// <param name="breaker">The signal's circuit breaker, whose state status shows; none when the breaker is off.</param>
    /// <param name="exportObserved">Called after every export outcome (the accounting re-evaluates health).</param>
    public SignalStatistics(SignalType signal, TimeProvider time, ITelemetryEventSink? events = null, CircuitBreaker? breaker = null, Action? exportObserved = null)
    {
        Signal = signal;
        _time = time;
        _events = events;
        _breaker = breaker;
        _exportObserved = exportObserved;
    }

    public SignalType Signal { get; }

    /// <summary>Whether the signal's items are aggregated (metrics), so exported items are metric points, not measurements.</summary>
    public bool IsAggregated => Signal == SignalType.Metrics;

    /// <summary>
    /// What the signal's batch export processor dropped on a full queue. The pipeline points it at the processor when
    /// it builds one: OpenTelemetry's processor starts its export thread when constructed, so it exists only once the
    /// pipeline starts, after this accounting.
    /// </summary>
    public QueueDropCounter QueueDrops { get; } = new();

    public void AddRecorded() => _recorded.Increment();

    /// <summary>Items the batch processor handed to the exporter (once per export, not per item).</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Requests sent again after a transient failure.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Requests sent again after the backend's rate limit refused them.</summary>
    public long RateLimitedResends => Interlocked.Read(ref _rateLimitedResends);

    /// <summary>Metric data points delivered (metrics only: the exported items of this signal are metric streams).</summary>
    public long PointsExported => Interlocked.Read(ref _pointsExported);

    /// <summary>Notes that the processor handed <paramref name="items"/> to the exporter.</summary>
    public void AddProcessed(long items) => Interlocked.Add(ref _processed, items);

    /// <summary>Notes that a request is sent again: after a rate-limit refusal, or a transient failure.</summary>
    public void RecordRetry(bool rateLimited) => Interlocked.Increment(ref rateLimited ? ref _rateLimitedResends : ref _retries);

    /// <summary>Notes what became of the metric data points of one export: delivered, or failed for <paramref name="errorType"/>.</summary>
    public void RecordPoints(long points, string? errorType)
    {
        if (errorType is null)
        {
            Interlocked.Add(ref _pointsExported, points);
            return;
        }

        lock (_gate)
        {
            _failedByType[errorType] = _failedByType.GetValueOrDefault(errorType) + points;
        }
    }

    /// <summary>
    /// Items (metric data points, for metrics) whose export ended in failure, by a low-cardinality error type
    /// (<see cref="ErrorTypeOf"/>); a copy.
    /// </summary>
    public IReadOnlyDictionary<string, long> FailedByErrorType()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_failedByType, StringComparer.Ordinal);
        }
    }

    /// <summary>The <c>error.type</c> of items whose export ended with <paramref name="outcome"/>; null when delivered.</summary>
    public static string? ErrorTypeOf(ExportOutcome outcome) => outcome switch
    {
        ExportOutcome.Delivered => null,
        ExportOutcome.Rejected => "rejected",
        ExportOutcome.CircuitOpen => "circuit_open",
        ExportOutcome.TooLarge => "too_large",
        _ => "export_failed",
    };

    /// <summary>Remembers why the last request failed at the transport level, for the export result that follows.</summary>
    /// <param name="reason">The reason, never containing a secret.</param>
    /// <param name="credentialsRejected">Whether the backend refused the credentials.</param>
    public void NoteTransportFailure(string reason, bool credentialsRejected = false) =>
        Volatile.Write(ref _pendingTransportFailure, new TransportFailure(reason, credentialsRejected));

    public void RecordDropped(DropReason reason, long count = 1)
    {
        bool started;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _lastDroppedAt = now;
            _dropped[reason.Value] = _dropped.GetValueOrDefault(reason.Value) + count;
            started = _droppingReasons.Add(reason.Value);
        }

        if (started)
        {
            _events?.Raise(new TelemetryDropped(now, Signal, reason.Value, count));
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
                if (!IsAggregated)
                {
                    var errorType = ErrorTypeOf(outcome)!;
                    _failedByType[errorType] = _failedByType.GetValueOrDefault(errorType) + items;
                }

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

        if (!IsAggregated && ReasonFor(outcome) is { } reason)
        {
            RecordDropped(reason, items);
        }

        if (change is not null)
        {
            _events?.Raise(change);
        }

        PollQueueDrops();
        _exportObserved?.Invoke();
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

        _exportObserved?.Invoke();
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
            RecordDropped(DropReason.ReplayRejected, items);
        }
    }

    /// <summary>
    /// Marks the pipeline as shut down: from then on, items that were neither exported, dropped nor stored
    /// can never be delivered (a flush that timed out, or a call racing the shutdown), so status reports them
    /// as dropped with reason <see cref="DropReason.NotFlushed"/> instead of pending forever.
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
                droppedByReason[DropReason.NotFlushed.Value] = droppedByReason.GetValueOrDefault(DropReason.NotFlushed.Value) + unsent;
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
                CircuitState = _breaker?.State ?? CircuitState.Closed,
                Stored = _stored,
                ReplayedFromPreviousRun = _replayedFromPreviousRun,
                CredentialsRejected = _consecutiveFailures > 0 && _credentialsRejected,
                LastDroppedAt = _lastDroppedAt,
                IsDropping = _lastDroppedAt is { } droppedAt && _time.GetUtcNow() - droppedAt < DroppingWindow,
            };
        }
    }

    private static DropReason? ReasonFor(ExportOutcome outcome) => outcome switch
    {
        ExportOutcome.Delivered or ExportOutcome.Stored => null,
        ExportOutcome.Rejected => DropReason.ExportRejected,
        ExportOutcome.CircuitOpen => DropReason.CircuitOpen,
        ExportOutcome.StorageFull => DropReason.StorageFull,
        ExportOutcome.StorageError => DropReason.StorageError,
        _ => DropReason.ExportFailed,
    };

    private void PollQueueDrops()
    {
        if (QueueDrops.Total is not { } total)
        {
            return;
        }

        long fresh;
        lock (_gate)
        {
            fresh = total - _queueDropsSeen;
            _queueDropsSeen = Math.Max(_queueDropsSeen, total);
        }

        if (fresh > 0)
        {
            RecordDropped(DropReason.QueueFull, fresh);
        }
    }

    private sealed record TransportFailure(string Reason, bool CredentialsRejected);
}
