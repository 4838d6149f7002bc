namespace TelemetryFlow.Application.Common.Messages;

/// <summary>Marks a message validated by its FluentValidation validator in the pipeline (lifecycle commands and queries).</summary>
internal interface IValidatedMessage
{
}
