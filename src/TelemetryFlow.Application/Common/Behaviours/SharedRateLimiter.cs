using System.Threading.RateLimiting;

namespace TelemetryFlow.Application.Common.Behaviours;

/// <summary>One client's rate limiter, shared by every command type; <see langword="null"/> when unlimited.</summary>
internal sealed class SharedRateLimiter : IDisposable
{
    public SharedRateLimiter(TelemetryConfig config)
    {
        if (config.RateLimit > 0)
        {
            // A minute's worth of burst, refilled every second, so the limit holds per minute without a cliff at the minute boundary.
            Limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = config.RateLimit,
                TokensPerPeriod = Math.Max(1, config.RateLimit / 60),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }
    }

    public RateLimiter? Limiter { get; }

    public void Dispose() => Limiter?.Dispose();
}
