using FluentValidation;
using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Common.Behaviours;

/// <summary>
/// Validates lifecycle commands and queries with their FluentValidation validators and throws
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
            var result = validator.Validate(message);
            if (!result.IsValid)
            {
                var first = result.Errors[0];
                throw new ArgumentException(string.Join(" ", result.Errors.Select(e => e.ErrorMessage)), first.PropertyName);
            }
        }

        return next(message, cancellationToken);
    }
}
