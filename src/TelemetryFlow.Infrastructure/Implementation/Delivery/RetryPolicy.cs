namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// When to try an export again: only transient failures, at most <see cref="RetrySettings.MaxAttempts"/>
/// attempts, never past the export's time budget. The delay is the backend's hint when it gave one,
/// otherwise exponential backoff (<see cref="RetrySettings.InitialBackoff"/> doubling up to
/// <see cref="RetrySettings.MaxBackoff"/>) with jitter, so clients that failed together do not retry together.
/// </summary>
internal sealed class RetryPolicy
{
    private readonly RetrySettings _settings;
    private readonly Func<double> _random;

    /// <param name="settings">The configured retry settings.</param>
    /// <param name="random">Returns a value in [0, 1); tests pass a fixed one.</param>
    public RetryPolicy(RetrySettings settings, Func<double>? random = null)
    {
        _settings = settings;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Attempts per export, the first included: 1 when retry is off.</summary>
    public int MaxAttempts => _settings.Enabled ? _settings.MaxAttempts : 1;

    /// <summary>The upper bound of the delay before retry number <paramref name="retry"/> (1 = first retry), before jitter.</summary>
    public TimeSpan BackoffCeiling(int retry)
    {
        var exponent = Math.Clamp(retry - 1, 0, 62);
        var ticks = _settings.InitialBackoff.Ticks * Math.Pow(2, exponent);
        return ticks >= _settings.MaxBackoff.Ticks ? _settings.MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay before retry number <paramref name="retry"/>: uniformly between half the ceiling and the ceiling.</summary>
    public TimeSpan Backoff(int retry)
    {
        var ceiling = BackoffCeiling(retry).Ticks;
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + (0.5 * _random()))));
    }

    /// <summary>
    /// Whether to try again after attempt number <paramref name="attempt"/> failed, and after how long;
    /// <see langword="null"/> to give up.
    /// </summary>
    /// <param name="attempt">The attempt that just failed, 1 for the first.</param>
    /// <param name="failure">How it failed.</param>
    /// <param name="hint">The backend's hint: a delay to honour, negative for "do not retry", or null.</param>
    /// <param name="remaining">What is left of the export's time budget.</param>
    public TimeSpan? NextDelay(int attempt, FailureKind failure, TimeSpan? hint, TimeSpan remaining)
    {
        if (failure != FailureKind.Transient || attempt >= MaxAttempts || hint < TimeSpan.Zero)
        {
            return null;
        }

        var delay = hint ?? Backoff(attempt);

        // Waiting out the whole budget would leave no time for the attempt itself.
        return delay < remaining ? delay : null;
    }
}
