using TelemetryFlow.Application.Common.Validation;

namespace TelemetryFlow.Application.Lifecycle;

/// <summary>The rule every lifecycle timeout shares: positive, or <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
internal static class TimeoutRules
{
    public static IReadOnlyList<ValidationProblem> MustBeAPositiveTimeout(TimeSpan timeout, string operation) =>
        timeout > TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan
            ? []
            : [new("Timeout", $"The {operation} timeout is {timeout}; it must be greater than zero, or Timeout.InfiniteTimeSpan.")];
}
