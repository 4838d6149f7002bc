namespace TelemetryFlow.Application.Common.Messages;

/// <summary>Marks a message validated by its validator (<see cref="Validation.IValidator{T}"/>) in the pipeline (lifecycle commands and queries).</summary>
internal interface IValidatedMessage
{
}
