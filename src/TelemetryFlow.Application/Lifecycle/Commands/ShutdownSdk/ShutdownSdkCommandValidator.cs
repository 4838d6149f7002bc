using FluentValidation;

namespace TelemetryFlow.Application.Lifecycle.Commands.ShutdownSdk;

internal sealed class ShutdownSdkCommandValidator : AbstractValidator<ShutdownSdkCommand>
{
    public ShutdownSdkCommandValidator() => RuleFor(c => c.Timeout).MustBeAPositiveTimeout("shutdown");
}
