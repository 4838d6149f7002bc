using System.Threading.RateLimiting;
using Mediator;
using TelemetryFlow.Application.Common.Interfaces;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Common.Behaviours;

/// <summary>
/// Applies the client-side rate limit (<c>WithRateLimit</c>, events per minute): over the limit, a
/// data command is dropped, counted as <c>rate-limited</c>, and answered with its default result
/// (an empty span handle, <see langword="false"/>). The caller is never blocked and sees no exception.
/// Synchronous for the same reason as <see cref="InitializationGuardBehavior{TMessage, TResponse}"/>.
/// </summary>
internal sealed class RateLimitBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, ITelemetryDataCommand, IMessage
{
    private readonly SharedRateLimiter _limiter;
    private readonly IDropRecorder _drops;

    public RateLimitBehavior(SharedRateLimiter limiter, IDropRecorder drops)
    {
        _limiter = limiter;
        _drops = drops;
    }

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var limiter = _limiter.Limiter;
        if (limiter is null || !TMessage.IsRateLimited)
        {
            return next(message, cancellationToken);
        }

        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return next(message, cancellationToken);
        }

        _drops.RecordDropped(TMessage.Signal, "rate-limited");
        return default;
    }
}

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
