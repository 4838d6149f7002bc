using FluentValidation;

namespace TelemetryFlow.Application.Lifecycle.Commands.FlushTelemetry;

internal sealed class FlushTelemetryCommandValidator : AbstractValidator<FlushTelemetryCommand>
{
    public FlushTelemetryCommandValidator() =>
        RuleFor(c => c.Timeout)
            .Must(t => t > TimeSpan.Zero || t == System.Threading.Timeout.InfiniteTimeSpan)
            .WithName("timeout")
            .WithMessage(c => $"The flush timeout is {c.Timeout}; it must be greater than zero, or Timeout.InfiniteTimeSpan.");
}
