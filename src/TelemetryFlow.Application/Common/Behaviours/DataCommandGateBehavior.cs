using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Common.Behaviours;

/// <summary>
/// The one behavior in front of every data command (a metric, a log, a span operation). It refuses the command
/// before <c>Initialize</c> and after shutdown with <see cref="NotInitializedException"/>; then it applies the
/// client-side rate limit (<c>WithRateLimit</c>, events per minute): over the limit, the command is dropped,
/// counted as <c>rate-limited</c>, and answered with its default result (an empty span handle,
/// <see langword="false"/>). The caller is never blocked and sees no exception for a rate-limited command.
/// </summary>
/// <remarks>
/// <para>
/// Deliberately not <c>async</c>: an async behavior would run the handler in a child execution context, and the
/// <c>Activity.Current</c> set by the span handler would not flow back to the caller.
/// </para>
/// <para>
/// One behavior, not two: every behavior is another closure and delegate call between the client and the handler,
/// and a second one also pushed the handler out of the JIT's inlining budget (figures in docs/benchmarks.md, "Hot-path decisions").
/// </para>
/// </remarks>
internal sealed class DataCommandGateBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, ITelemetryDataCommand, IMessage
{
    private readonly SdkLifecycle _lifecycle;
    private readonly RateLimiter? _limiter;
    private readonly IDropRecorder _drops;

    public DataCommandGateBehavior(SdkLifecycle lifecycle, SharedRateLimiter limiter, IDropRecorder drops)
    {
        _lifecycle = lifecycle;
        _limiter = limiter.Limiter;
        _drops = drops;
    }

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!_lifecycle.IsRunning)
        {
            ThrowNotRunning();
        }

        if (_limiter is not null && TMessage.IsRateLimited)
        {
            return HandleLimited(_limiter, message, next, cancellationToken);
        }

        return next(message, cancellationToken);
    }

    // Out of line, so that the unlimited path (the default) stays small enough for the JIT to inline the handler.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<TResponse> HandleLimited(RateLimiter limiter, TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using (var lease = limiter.AttemptAcquire())
        {
            if (lease.IsAcquired)
            {
                return next(message, cancellationToken);
            }
        }

        _drops.RecordDropped(TMessage.Signal, DropReason.RateLimited);
        return default;
    }

    private void ThrowNotRunning()
    {
        if (_lifecycle.HasFailed)
        {
            throw new NotInitializedException("The TelemetryFlow client failed to initialize and records nothing; see the inner exception.", _lifecycle.Failure);
        }

        throw new NotInitializedException();
    }
}
