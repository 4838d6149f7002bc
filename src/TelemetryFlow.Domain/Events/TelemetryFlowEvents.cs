namespace TelemetryFlow;

/// <summary>
/// The base of the SDK's domain events. Events report changes only: an observer hears that export
/// started failing or recovered, never a stream of repeats. None carries a secret.
/// </summary>
/// <param name="Timestamp">When the change happened.</param>
public abstract record TelemetryFlowEvent(DateTimeOffset Timestamp);

/// <summary>The SDK started.</summary>
/// <param name="Timestamp">When it started.</param>
/// <param name="ServiceName">The configured service name.</param>
/// <param name="EnabledSignals">The signals it exports.</param>
public sealed record SdkInitialized(DateTimeOffset Timestamp, string ServiceName, SignalType EnabledSignals) : TelemetryFlowEvent(Timestamp);

/// <summary>The SDK shut down.</summary>
/// <param name="Timestamp">When it finished shutting down.</param>
/// <param name="Flushed">Whether everything pending was exported in time.</param>
public sealed record SdkShutdown(DateTimeOffset Timestamp, bool Flushed) : TelemetryFlowEvent(Timestamp);

/// <summary>Export of a signal started failing (the first failure after a success or after start).</summary>
/// <param name="Timestamp">When the export failed.</param>
/// <param name="Signal">The signal.</param>
/// <param name="Reason">Why, for example <c>HTTP 401 Unauthorized: credentials rejected by the backend</c>.</param>
/// <param name="Items">Items in the failed export.</param>
public sealed record ExportFailed(DateTimeOffset Timestamp, SignalType Signal, string Reason, long Items) : TelemetryFlowEvent(Timestamp);

/// <summary>Export of a signal succeeded again after failing.</summary>
/// <param name="Timestamp">When the export succeeded.</param>
/// <param name="Signal">The signal.</param>
/// <param name="FailedExports">Failed exports since the last success.</param>
public sealed record ExportRecovered(DateTimeOffset Timestamp, SignalType Signal, int FailedExports) : TelemetryFlowEvent(Timestamp);

/// <summary>Telemetry of a signal started being dropped for a reason (raised once per reason until exports succeed again).</summary>
/// <param name="Timestamp">When the first drop happened.</param>
/// <param name="Signal">The signal.</param>
/// <param name="Reason">Why, for example <c>queue-full</c>, <c>rate-limited</c>, <c>export-failed</c>.</param>
/// <param name="Count">Items dropped at that moment.</param>
public sealed record TelemetryDropped(DateTimeOffset Timestamp, SignalType Signal, string Reason, long Count) : TelemetryFlowEvent(Timestamp);

/// <summary>The export circuit breaker of a signal opened: the backend is left alone for the cool-down.</summary>
/// <param name="Timestamp">When it opened.</param>
/// <param name="Signal">The signal.</param>
/// <param name="CoolDown">How long until the probe.</param>
public sealed record CircuitBreakerOpened(DateTimeOffset Timestamp, SignalType Signal, TimeSpan CoolDown) : TelemetryFlowEvent(Timestamp);

/// <summary>The export circuit breaker of a signal closed after a successful probe.</summary>
/// <param name="Timestamp">When it closed.</param>
/// <param name="Signal">The signal.</param>
public sealed record CircuitBreakerClosed(DateTimeOffset Timestamp, SignalType Signal) : TelemetryFlowEvent(Timestamp);

/// <summary>The SDK's overall health changed.</summary>
/// <param name="Timestamp">When it changed.</param>
/// <param name="Previous">The state before.</param>
/// <param name="Current">The state now.</param>
/// <param name="Description">Why, as in the health report.</param>
public sealed record HealthChanged(DateTimeOffset Timestamp, HealthState Previous, HealthState Current, string Description) : TelemetryFlowEvent(Timestamp);
