namespace TelemetryFlow;

/// <summary>
/// Circuit breaker around export: after <see cref="FailureThreshold"/> consecutive failed exports of a
/// signal, the backend is not called for <see cref="CoolDown"/>; then one probe export decides whether
/// the circuit closes (success) or reopens (failure). Immutable; validated on construction.
/// </summary>
public sealed record CircuitBreakerSettings
{
    /// <summary>Default number of consecutive failed exports that opens the circuit.</summary>
    public const int DefaultFailureThreshold = 5;

    /// <summary>Default time the circuit stays open before a probe: 1 second.</summary>
    /// <remarks>
    /// Short on purpose. While the circuit is open, batches fail fast without calling the backend (and are stored when
    /// disk storage is on); the probe is a single attempt, so a probe per second costs the backend one request. A long
    /// cool-down kept dropping telemetry for up to its whole length after the backend was back.
    /// </remarks>
    public static readonly TimeSpan DefaultCoolDown = TimeSpan.FromSeconds(1);

    /// <summary>The defaults: enabled, opens after 5 failures, 1 s cool-down.</summary>
    public static readonly CircuitBreakerSettings Default = new(enabled: true, DefaultFailureThreshold, DefaultCoolDown);

    /// <summary>Creates circuit breaker settings.</summary>
    /// <param name="enabled">Whether the circuit breaker is used.</param>
    /// <param name="failureThreshold">Consecutive failed exports that open the circuit; at least 1.</param>
    /// <param name="coolDown">Time the circuit stays open before a probe; greater than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public CircuitBreakerSettings(bool enabled, int failureThreshold, TimeSpan coolDown)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failureThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(coolDown, TimeSpan.Zero);
        Enabled = enabled;
        FailureThreshold = failureThreshold;
        CoolDown = coolDown;
    }

    /// <summary>Whether the circuit breaker is used.</summary>
    public bool Enabled { get; }

    /// <summary>Consecutive failed exports that open the circuit.</summary>
    public int FailureThreshold { get; }

    /// <summary>Time the circuit stays open before a probe.</summary>
    public TimeSpan CoolDown { get; }
}

/// <summary>
/// Opt-in disk buffering: telemetry that cannot be delivered is written to <see cref="Directory"/>
/// and delivered once the backend is back, also after the application restarts. Immutable.
/// </summary>
/// <remarks>The directory must be one the application chose; the SDK never falls back to a shared temp folder.</remarks>
public sealed record PersistentStorageSettings
{
    /// <summary>Default cap on the total size of stored telemetry (100 MiB).</summary>
    public const long DefaultMaxSizeBytes = 100L * 1024 * 1024;

    /// <summary>Creates storage settings.</summary>
    /// <param name="directory">An absolute directory path chosen by the application.</param>
    /// <param name="maxSizeBytes">Cap on the total size of stored telemetry; at least 1 MiB.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or not absolute.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSizeBytes"/> is below 1 MiB.</exception>
    public PersistentStorageSettings(string directory, long maxSizeBytes = DefaultMaxSizeBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Path.IsPathFullyQualified(directory))
        {
            throw new ArgumentException("The storage directory must be an absolute path chosen by the application.", nameof(directory));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxSizeBytes, 1024L * 1024);
        Directory = directory;
        MaxSizeBytes = maxSizeBytes;
    }

    /// <summary>The directory telemetry is stored in.</summary>
    public string Directory { get; }

    /// <summary>Cap on the total size of stored telemetry; beyond it new telemetry is dropped and counted.</summary>
    public long MaxSizeBytes { get; }
}

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
        ArgumentOutOfRangeException.ThrowIfLessThan(attributeValueLength, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(attributeCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(logBodyLength, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(metricCardinality, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMetricStreams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(attributeKeyLength, 16);
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

/// <summary>A custom PII pattern: matches of <see cref="Pattern"/> are replaced by <see cref="Replacement"/>.</summary>
/// <param name="Name">A short name, for diagnostics.</param>
/// <param name="Pattern">A .NET regular expression.</param>
/// <param name="Replacement">The text that replaces each match, for example <c>[ORDER_REDACTED]</c>.</param>
public sealed record RedactionPattern(string Name, string Pattern, string Replacement);

/// <summary>
/// Opt-in PII redaction of log bodies and string attributes: emails, Luhn-valid card numbers, US SSNs,
/// phone numbers, and any custom patterns.
/// </summary>
/// <param name="CustomPatterns">Patterns applied after the built-in ones.</param>
public sealed record PiiRedactionSettings(IReadOnlyList<RedactionPattern> CustomPatterns);
