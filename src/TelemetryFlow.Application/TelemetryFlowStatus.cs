namespace TelemetryFlow;

/// <summary>A snapshot of the SDK's state. Contains no secret.</summary>
/// <param name="IsInitialized">Whether the SDK is running.</param>
/// <param name="SdkVersion">The SDK version.</param>
/// <param name="ServiceName">The configured service name.</param>
/// <param name="ServiceVersion">The configured service version.</param>
/// <param name="Environment">The deployment environment.</param>
/// <param name="Endpoint">The export endpoint URL.</param>
/// <param name="Protocol">The OTLP transport.</param>
/// <param name="EnabledSignals">The enabled signals.</param>
/// <param name="Uptime">Time since initialization; zero when not running.</param>
/// <param name="Traces">Accounting for traces.</param>
/// <param name="Metrics">Accounting for metrics.</param>
/// <param name="Logs">Accounting for logs.</param>
/// <param name="OpenSpans">Spans started with <c>StartSpan</c> and not yet ended.</param>
/// <param name="EvictedSpans">Open spans ended by the SDK because the registry of open spans was full.</param>
public sealed record TelemetryFlowStatus(
    bool IsInitialized,
    string SdkVersion,
    string ServiceName,
    string ServiceVersion,
    string Environment,
    Uri Endpoint,
    Protocol Protocol,
    SignalType EnabledSignals,
    TimeSpan Uptime,
    SignalStatus Traces,
    SignalStatus Metrics,
    SignalStatus Logs,
    int OpenSpans,
    long EvictedSpans);

/// <summary>Export accounting for one signal, observed from the exporter's results.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Enabled">Whether the signal is exported.</param>
/// <param name="Recorded">Items accepted from the application (spans ended, log records, metric measurements).</param>
/// <param name="Exported">Items the backend accepted (for metrics: metric streams per export).</param>
/// <param name="Failed">Items in exports that failed.</param>
/// <param name="ExportAttempts">Export calls made.</param>
/// <param name="ConsecutiveFailures">Failed exports since the last success.</param>
/// <param name="LastSuccessAt">When an export last succeeded.</param>
/// <param name="LastFailureAt">When an export last failed.</param>
/// <param name="LastFailureReason">Why the last export failed (for example <c>HTTP 503</c>), never containing a secret.</param>
/// <remarks>
/// For traces and logs, <c>Recorded = Exported + Dropped + Pending</c> at every moment. Metrics are
/// aggregated, so their <c>Exported</c> counts metric points and <c>Pending</c> is always 0.
/// </remarks>
public sealed record SignalStatus(
    SignalType Signal,
    bool Enabled,
    long Recorded,
    long Exported,
    long Failed,
    long ExportAttempts,
    int ConsecutiveFailures,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastFailureReason)
{
    /// <summary>Items dropped, all reasons together.</summary>
    public long Dropped { get; init; }

    /// <summary>
    /// Items dropped per reason: <c>queue-full</c>, <c>export-failed</c>, <c>export-rejected</c> (refused for good by the backend),
    /// <c>circuit-open</c>, <c>storage-full</c>, <c>storage-error</c>, <c>replay-rejected</c>, <c>rate-limited</c>;
    /// for metrics also <c>metric-limit</c> (a new metric name beyond the metric stream limit), <c>value-out-of-range</c>
    /// (a counter increment refused so the counter cannot wrap) and <c>invalid-value</c>, …
    /// </summary>
    public IReadOnlyDictionary<string, long> DroppedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>Items accepted but neither exported nor dropped yet: queued, in flight, or stored on disk.</summary>
    public long Pending { get; init; }

    /// <summary>The export circuit breaker of this signal; always <see cref="CircuitState.Closed"/> when the breaker is off.</summary>
    public CircuitState CircuitState { get; init; }

    /// <summary>Items this process wrote to disk because they could not be delivered, not yet replayed; part of <see cref="Pending"/>.</summary>
    public long Stored { get; init; }

    /// <summary>
    /// Items an earlier process stored on disk and this one delivered. They are not part of this process's
    /// <see cref="Recorded"/> or <see cref="Exported"/>, so the equation above still holds.
    /// </summary>
    public long ReplayedFromPreviousRun { get; init; }

    /// <summary>When an item of this signal was last dropped, for any reason; <see langword="null"/> if never.</summary>
    public DateTimeOffset? LastDroppedAt { get; init; }

    /// <summary>
    /// Whether items were dropped within the last minute (<see cref="LastDroppedAt"/>): health is then at least
    /// Degraded, even while exports succeed (a queue overflowing behind a slow or rate-limited backend).
    /// </summary>
    public bool IsDropping { get; init; }

    /// <summary>Whether the last failed export was refused because the backend rejected the credentials (HTTP 401/403, gRPC UNAUTHENTICATED/PERMISSION_DENIED).</summary>
    public bool CredentialsRejected { get; init; }

    /// <summary>String attribute values cut to the attribute length limit (<c>WithLimits</c>); traces and logs.</summary>
    public long TruncatedAttributes { get; init; }

    /// <summary>Attributes removed because a span, span event or log record had more than the attribute count limit; traces and logs.</summary>
    public long DroppedAttributes { get; init; }

    /// <summary>
    /// Attributes removed because their key was longer than the attribute key limit (<c>WithLimits</c>, default 256)
    /// or held a control character (a line break, a tab); traces (span and span event attributes) and logs.
    /// </summary>
    public long RejectedAttributeKeys { get; init; }

    /// <summary>Log bodies cut to the log body length limit; logs only.</summary>
    public long TruncatedBodies { get; init; }

    /// <summary>
    /// Metric streams that reached the cardinality limit; measurements with further attribute sets are
    /// aggregated into the point tagged <c>otel.metric.overflow=true</c>. Metrics only.
    /// </summary>
    public long MetricOverflows { get; init; }
}

/// <summary>The state of a signal's export circuit breaker.</summary>
public enum CircuitState
{
    /// <summary>Exports go to the backend.</summary>
    Closed,

    /// <summary>Too many consecutive exports failed: the backend is left alone for the cool-down, and exports fail fast.</summary>
    Open,

    /// <summary>The cool-down is over: one probe export decides whether the circuit closes or opens again.</summary>
    HalfOpen,
}
