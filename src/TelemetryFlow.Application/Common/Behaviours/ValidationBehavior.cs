using Mediator;
using TelemetryFlow.Application.Common.Messages;
using TelemetryFlow.Application.Common.Validation;

namespace TelemetryFlow.Application.Common.Behaviours;

/// <summary>
/// Validates lifecycle commands and queries with their validators and throws
/// <see cref="ArgumentException"/> naming every problem. Synchronous for the same reason as
/// <see cref="DataCommandGateBehavior{TMessage, TResponse}"/>.
/// </summary>
internal sealed class ValidationBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IValidatedMessage, IMessage
{
    private readonly IValidator<TMessage>[] _validators;

    public ValidationBehavior(IEnumerable<IValidator<TMessage>> validators) => _validators = validators.ToArray();

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        foreach (var validator in _validators)
        {
            var problems = validator.Validate(message);
            if (problems.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)), problems[0].Name);
            }
        }

        return next(message, cancellationToken);
    }
}
