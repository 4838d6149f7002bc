using TelemetryFlow.Application.Common.Validation;

namespace TelemetryFlow.Application.Lifecycle;

internal sealed class ShutdownSdkCommandValidator : IValidator<ShutdownSdkCommand>
{
    public IReadOnlyList<ValidationProblem> Validate(ShutdownSdkCommand instance) => TimeoutRules.MustBeAPositiveTimeout(instance.Timeout, "shutdown");
}
