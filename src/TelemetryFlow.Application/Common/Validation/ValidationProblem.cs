namespace TelemetryFlow.Application.Common.Validation;

/// <summary>One broken rule: what it is about (a setting or a parameter name) and the message for the user.</summary>
/// <param name="Name">The setting or parameter the problem is about.</param>
/// <param name="Message">What is wrong and what is accepted.</param>
internal readonly record struct ValidationProblem(string Name, string Message);
