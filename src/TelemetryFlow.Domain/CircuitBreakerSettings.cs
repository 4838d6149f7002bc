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

    /// <summary>Smallest accepted failure threshold.</summary>
    internal const int MinFailureThreshold = 1;

    /// <summary>The defaults: enabled, opens after 5 failures, 1 s cool-down.</summary>
    public static readonly CircuitBreakerSettings Default = new(enabled: true, DefaultFailureThreshold, DefaultCoolDown);

    /// <summary>Creates circuit breaker settings.</summary>
    /// <param name="enabled">Whether the circuit breaker is used.</param>
    /// <param name="failureThreshold">Consecutive failed exports that open the circuit; at least 1.</param>
    /// <param name="coolDown">Time the circuit stays open before a probe; greater than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public CircuitBreakerSettings(bool enabled, int failureThreshold, TimeSpan coolDown)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failureThreshold, MinFailureThreshold);
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
