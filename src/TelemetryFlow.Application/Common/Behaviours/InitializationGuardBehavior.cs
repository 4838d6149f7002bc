using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Common.Behaviours;

/// <summary>
/// Refuses data commands before <c>Initialize</c> and after shutdown with <see cref="NotInitializedException"/>.
/// </summary>
/// <remarks>
/// Deliberately not <c>async</c>: an async behavior would run the handler in a child execution
/// context, and the <c>Activity.Current</c> set by the span handler would not flow back to the caller.
/// </remarks>
internal sealed class InitializationGuardBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, ITelemetryDataCommand, IMessage
{
    private readonly SdkLifecycle _lifecycle;

    public InitializationGuardBehavior(SdkLifecycle lifecycle) => _lifecycle = lifecycle;

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!_lifecycle.IsRunning)
        {
            ThrowNotRunning();
        }

        return next(message, cancellationToken);
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
