namespace TelemetryFlow;

/// <summary>How failed exports are retried. Immutable; validated on construction.</summary>
public sealed record RetrySettings
{
    /// <summary>Whether transient failures are retried (default <see langword="true"/>).</summary>
    public const bool DefaultEnabled = true;

    /// <summary>Default number of attempts per export, the first included.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>Default delay before the first retry.</summary>
    public static readonly TimeSpan DefaultInitialBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Default cap on the delay between retries.</summary>
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Most attempts per export accepted (the configuration catalogue checks the same bound).</summary>
    internal const int MaxMaxAttempts = 100;

    /// <summary>The defaults: enabled, 3 attempts, 1 s initial backoff doubling up to 30 s.</summary>
    public static readonly RetrySettings Default = new(DefaultEnabled, DefaultMaxAttempts, DefaultInitialBackoff, DefaultMaxBackoff);

    /// <summary>Creates retry settings.</summary>
    /// <param name="enabled">Whether to retry transient failures.</param>
    /// <param name="maxAttempts">Attempts per export, the first included; 1 to 100.</param>
    /// <param name="initialBackoff">Delay before the first retry; greater than zero.</param>
    /// <param name="maxBackoff">Cap on the delay; at least <paramref name="initialBackoff"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public RetrySettings(bool enabled, int maxAttempts, TimeSpan initialBackoff, TimeSpan maxBackoff)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxAttempts, MaxMaxAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, initialBackoff);
        Enabled = enabled;
        MaxAttempts = maxAttempts;
        InitialBackoff = initialBackoff;
        MaxBackoff = maxBackoff;
    }

    /// <summary>Whether transient failures are retried.</summary>
    public bool Enabled { get; }

    /// <summary>Attempts per export, the first included.</summary>
    public int MaxAttempts { get; }

    /// <summary>Delay before the first retry; later delays grow exponentially, with jitter.</summary>
    public TimeSpan InitialBackoff { get; }

    /// <summary>Cap on the delay between retries.</summary>
    public TimeSpan MaxBackoff { get; }
}
