using FluentValidation;

namespace TelemetryFlow.Application.Lifecycle.Commands.ShutdownSdk;

internal sealed class ShutdownSdkCommandValidator : AbstractValidator<ShutdownSdkCommand>
{
    public ShutdownSdkCommandValidator() =>
        RuleFor(c => c.Timeout)
            .Must(t => t > TimeSpan.Zero || t == System.Threading.Timeout.InfiniteTimeSpan)
            .WithName("timeout")
            .WithMessage(c => $"The shutdown timeout is {c.Timeout}; it must be greater than zero, or Timeout.InfiniteTimeSpan.");
}
