using FluentValidation;

namespace TelemetryFlow.Application.Lifecycle;

internal sealed class FlushTelemetryCommandValidator : AbstractValidator<FlushTelemetryCommand>
{
    public FlushTelemetryCommandValidator() => RuleFor(c => c.Timeout).MustBeAPositiveTimeout("flush");
}
