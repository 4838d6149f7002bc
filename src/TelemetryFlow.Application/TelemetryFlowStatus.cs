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

    /// <summary>Items dropped per reason: <c>queue-full</c>, <c>export-failed</c>, <c>rate-limited</c>, …</summary>
    public IReadOnlyDictionary<string, long> DroppedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>Items accepted but neither exported nor dropped yet: queued, in flight, or stored on disk.</summary>
    public long Pending { get; init; }
}
