namespace TelemetryFlow;

/// <summary>Limits applied to every item, so one bad call cannot bloat memory or the backend. Immutable.</summary>
public sealed record TelemetryLimits
{
    /// <summary>Default maximum length of a string attribute value; longer values are truncated and counted.</summary>
    public const int DefaultAttributeValueLength = 4096;

    /// <summary>Default maximum number of attributes per span, event or log record; extra ones are dropped and counted.</summary>
    public const int DefaultAttributeCount = 128;

    /// <summary>Default maximum length of a log body; longer bodies are truncated and counted.</summary>
    public const int DefaultLogBodyLength = 32 * 1024;

    /// <summary>Default maximum number of attribute sets per metric; beyond it OpenTelemetry's overflow attribute set is used.</summary>
    public const int DefaultMetricCardinality = 2000;

    /// <summary>
    /// Default maximum number of metric streams (about one per metric name): OpenTelemetry's own default. Beyond it,
    /// measurements for new names are dropped and counted.
    /// </summary>
    public const int DefaultMaxMetricStreams = 1000;

    /// <summary>Default maximum length of an attribute key; an attribute with a longer key is dropped and counted.</summary>
    public const int DefaultAttributeKeyLength = 256;

    // The smallest accepted values; the configuration catalogue checks the same bounds.
    internal const int MinAttributeValueLength = 16;
    internal const int MinAttributeCount = 1;
    internal const int MinLogBodyLength = 16;
    internal const int MinMetricCardinality = 2;
    internal const int MinMaxMetricStreams = 1;
    internal const int MinAttributeKeyLength = 16;

    /// <summary>The defaults.</summary>
    public static readonly TelemetryLimits Default = new(DefaultAttributeValueLength, DefaultAttributeCount, DefaultLogBodyLength, DefaultMetricCardinality, DefaultMaxMetricStreams, DefaultAttributeKeyLength);

    /// <summary>Creates limits with the default <see cref="MaxMetricStreams"/> and <see cref="AttributeKeyLength"/>.</summary>
    /// <param name="attributeValueLength">Maximum string attribute length; at least 16.</param>
    /// <param name="attributeCount">Maximum attributes per item; at least 1.</param>
    /// <param name="logBodyLength">Maximum log body length; at least 16.</param>
    /// <param name="metricCardinality">Maximum attribute sets per metric; at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public TelemetryLimits(int attributeValueLength, int attributeCount, int logBodyLength, int metricCardinality)
        : this(attributeValueLength, attributeCount, logBodyLength, metricCardinality, DefaultMaxMetricStreams, DefaultAttributeKeyLength)
    {
    }

    /// <summary>Creates limits.</summary>
    /// <param name="attributeValueLength">Maximum string attribute length; at least 16.</param>
    /// <param name="attributeCount">Maximum attributes per item; at least 1.</param>
    /// <param name="logBodyLength">Maximum log body length; at least 16.</param>
    /// <param name="metricCardinality">Maximum attribute sets per metric; at least 2.</param>
    /// <param name="maxMetricStreams">Maximum metric streams (metric names) per client; at least 1.</param>
    /// <param name="attributeKeyLength">Maximum attribute key length; at least 16.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public TelemetryLimits(int attributeValueLength, int attributeCount, int logBodyLength, int metricCardinality, int maxMetricStreams, int attributeKeyLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attributeValueLength, MinAttributeValueLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(attributeCount, MinAttributeCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(logBodyLength, MinLogBodyLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(metricCardinality, MinMetricCardinality);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMetricStreams, MinMaxMetricStreams);
        ArgumentOutOfRangeException.ThrowIfLessThan(attributeKeyLength, MinAttributeKeyLength);
        AttributeValueLength = attributeValueLength;
        AttributeCount = attributeCount;
        LogBodyLength = logBodyLength;
        MetricCardinality = metricCardinality;
        MaxMetricStreams = maxMetricStreams;
        AttributeKeyLength = attributeKeyLength;
    }

    /// <summary>Maximum string attribute length.</summary>
    public int AttributeValueLength { get; }

    /// <summary>Maximum attributes per span, event or log record.</summary>
    public int AttributeCount { get; }

    /// <summary>Maximum log body length.</summary>
    public int LogBodyLength { get; }

    /// <summary>Maximum attribute sets per metric.</summary>
    /// <remarks>
    /// Also set by <c>TELEMETRYFLOW_METRIC_CARDINALITY_LIMIT</c> and appsettings <c>MetricCardinalityLimit</c>.
    /// OpenTelemetry preallocates storage for this many points per metric stream, so it sets the memory each metric
    /// name costs (docs/deployment.md has the measured figures).
    /// </remarks>
    public int MetricCardinality { get; }

    /// <summary>Maximum metric streams per client: the SDK's metric names plus those of the application's own meters.</summary>
    /// <remarks>
    /// Also set by <c>TELEMETRYFLOW_METRIC_MAX_STREAMS</c> and appsettings <c>MaxMetricStreams</c>. Applied to
    /// OpenTelemetry's meter provider; the client refuses a new metric name beyond it, and its measurements are dropped
    /// and counted with reason <c>metric-limit</c>.
    /// </remarks>
    public int MaxMetricStreams { get; }

    /// <summary>Maximum attribute key length; attributes with longer keys (or keys with control characters) are dropped and counted.</summary>
    public int AttributeKeyLength { get; }
}
