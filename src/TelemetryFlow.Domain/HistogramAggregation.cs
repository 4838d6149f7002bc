namespace TelemetryFlow;

/// <summary>How a histogram is aggregated: the default for every histogram (<c>OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION</c>) or one view's choice.</summary>
public enum HistogramAggregation
{
    /// <summary>Explicit bucket boundaries: the instrument's advice, a view's, or OpenTelemetry's defaults (default).</summary>
    ExplicitBuckets = 0,

    /// <summary>Base-2 exponential buckets (at most 160, scale chosen from the data): fine resolution over any range with no boundaries to choose.</summary>
    Base2Exponential = 1,
}
