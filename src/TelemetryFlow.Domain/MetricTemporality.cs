namespace TelemetryFlow;

/// <summary>The aggregation temporality the metric exporter asks for (<c>OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE</c>).</summary>
public enum MetricTemporality
{
    /// <summary>Every instrument reports totals since the start (default); what Prometheus-style backends expect.</summary>
    Cumulative = 0,

    /// <summary>Counters, histograms and observable counters report the change since the last export; up-down counters stay cumulative.</summary>
    Delta = 1,

    /// <summary>Synchronous counters and histograms report deltas, everything else cumulative: the least memory in the SDK.</summary>
    LowMemory = 2,
}
