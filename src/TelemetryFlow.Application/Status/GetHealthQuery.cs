using Mediator;

namespace TelemetryFlow.Application.Status;

/// <summary>Derives the SDK's health from recent export outcomes.</summary>
/// <param name="IncludeComponents">Whether to include one component per signal exporter.</param>
internal readonly record struct GetHealthQuery(bool IncludeComponents) : IQuery<TelemetryFlowHealth>;
