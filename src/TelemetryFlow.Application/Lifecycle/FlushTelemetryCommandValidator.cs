using TelemetryFlow.Application.Common.Validation;

namespace TelemetryFlow.Application.Lifecycle;

internal sealed class FlushTelemetryCommandValidator : IValidator<FlushTelemetryCommand>
{
    public IReadOnlyList<ValidationProblem> Validate(FlushTelemetryCommand instance) => TimeoutRules.MustBeAPositiveTimeout(instance.Timeout, "flush");
}
