namespace TelemetryFlow;

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
