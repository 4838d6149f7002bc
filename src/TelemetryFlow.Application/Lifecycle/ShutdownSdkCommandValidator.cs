using FluentValidation;

namespace TelemetryFlow.Application.Lifecycle;

internal sealed class ShutdownSdkCommandValidator : AbstractValidator<ShutdownSdkCommand>
{
    public ShutdownSdkCommandValidator() => RuleFor(c => c.Timeout).MustBeAPositiveTimeout("shutdown");
}
