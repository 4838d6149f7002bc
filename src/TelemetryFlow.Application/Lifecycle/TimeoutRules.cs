using FluentValidation;

namespace TelemetryFlow.Application.Lifecycle;

/// <summary>The rule every lifecycle timeout shares: positive, or <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
internal static class TimeoutRules
{
    public static IRuleBuilderOptions<T, TimeSpan> MustBeAPositiveTimeout<T>(this IRuleBuilder<T, TimeSpan> rule, string operation) =>
        rule.Must(t => t > TimeSpan.Zero || t == Timeout.InfiniteTimeSpan)
            .WithName("timeout")
            .WithMessage((_, t) => $"The {operation} timeout is {t}; it must be greater than zero, or Timeout.InfiniteTimeSpan.");
}
