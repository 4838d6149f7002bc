namespace TelemetryFlow;

/// <summary>Export accounting for one signal, observed from the exporter's results.</summary>
/// <remarks>
/// For traces and logs, <c>Recorded = Exported + Dropped + Pending</c> at every moment. Metrics are
/// aggregated, so their <c>Exported</c> counts metric points and <c>Pending</c> is always 0.
/// Built with init-only properties, so a later version can add a member without breaking code compiled against this one.
/// </remarks>
public sealed record SignalStatus
{
    /// <summary>The signal.</summary>
    public required SignalType Signal { get; init; }

    /// <summary>Whether the signal is exported.</summary>
    public bool Enabled { get; init; }

    /// <summary>Items accepted from the application (spans ended, log records, metric measurements).</summary>
    public long Recorded { get; init; }

    /// <summary>Items the backend accepted (for metrics: metric streams per export).</summary>
    public long Exported { get; init; }

    /// <summary>Items in exports that failed.</summary>
    public long Failed { get; init; }

    /// <summary>Export calls made.</summary>
    public long ExportAttempts { get; init; }

    /// <summary>Failed exports since the last success.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>When an export last succeeded.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>When an export last failed.</summary>
    public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary>Why the last export failed (for example <c>HTTP 503</c>), never containing a secret.</summary>
    public string? LastFailureReason { get; init; }

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
