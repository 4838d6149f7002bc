namespace TelemetryFlow;

/// <summary>The health of the SDK or of one of its exporters.</summary>
public enum HealthState
{
    /// <summary>Exports succeed, or none has been attempted yet.</summary>
    Healthy = 0,

    /// <summary>Some recent exports failed, but telemetry still gets through.</summary>
    Degraded = 1,

    /// <summary>Recent exports all failed, or the SDK is not running.</summary>
    Unhealthy = 2,
}
