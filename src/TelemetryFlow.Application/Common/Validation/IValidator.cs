namespace TelemetryFlow.Application.Common.Validation;

/// <summary>
/// The rules for one message or settings type, written as plain code: no expression trees and no reflection, so
/// validation costs nothing at start-up and works unchanged in trimmed and Native AOT apps.
/// </summary>
/// <typeparam name="T">What is validated.</typeparam>
internal interface IValidator<in T>
{
    /// <summary>Every problem with <paramref name="instance"/>, in rule order; empty when it is valid.</summary>
    IReadOnlyList<ValidationProblem> Validate(T instance);
}
