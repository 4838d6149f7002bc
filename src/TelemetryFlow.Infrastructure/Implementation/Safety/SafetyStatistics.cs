namespace TelemetryFlow.Infrastructure.Implementation.Safety;

/// <summary>
/// Counts what the input limits changed: attribute values truncated, attributes dropped, log bodies
/// truncated, attributes with a refused key, metric streams that reached their cardinality limit. Incremented only when a limit
/// bites, never on the common path; shown in status per signal.
/// </summary>
internal sealed class SafetyStatistics
{
    private long _spanAttributesTruncated;
    private long _spanAttributesDropped;
    private long _logAttributesTruncated;
    private long _logAttributesDropped;
    private long _logBodiesTruncated;
    private long _metricOverflows;
    private long _spanKeysRejected;
    private long _logKeysRejected;

    public void AttributesTruncated(SignalType signal, int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref signal == SignalType.Traces ? ref _spanAttributesTruncated : ref _logAttributesTruncated, count);
        }
    }

    public void AttributesDropped(SignalType signal, int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref signal == SignalType.Traces ? ref _spanAttributesDropped : ref _logAttributesDropped, count);
        }
    }

    /// <summary>Attributes dropped because their key was too long or held a control character.</summary>
    public void AttributeKeysRejected(SignalType signal, int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref signal == SignalType.Traces ? ref _spanKeysRejected : ref _logKeysRejected, count);
        }
    }

    public void LogBodyTruncated() => Interlocked.Increment(ref _logBodiesTruncated);

    public void MetricStreamOverflowed() => Interlocked.Increment(ref _metricOverflows);

    /// <summary>Adds the counters to the per-signal parts of a status snapshot.</summary>
    public TelemetryFlowStatus AddTo(TelemetryFlowStatus status) => status with
    {
        Traces = status.Traces with
        {
            TruncatedAttributes = Volatile.Read(ref _spanAttributesTruncated),
            DroppedAttributes = Volatile.Read(ref _spanAttributesDropped),
            RejectedAttributeKeys = Volatile.Read(ref _spanKeysRejected),
        },
        Logs = status.Logs with
        {
            TruncatedAttributes = Volatile.Read(ref _logAttributesTruncated),
            DroppedAttributes = Volatile.Read(ref _logAttributesDropped),
            RejectedAttributeKeys = Volatile.Read(ref _logKeysRejected),
            TruncatedBodies = Volatile.Read(ref _logBodiesTruncated),
        },
        Metrics = status.Metrics with { MetricOverflows = Volatile.Read(ref _metricOverflows) },
    };
}
