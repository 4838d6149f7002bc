namespace TelemetryFlow;

/// <summary>The SDK's health, derived from recent export outcomes. Contains no secret.</summary>
/// <param name="Status">The overall state: the worst of the components, or Unhealthy when not running.</param>
/// <param name="Description">A one-line explanation.</param>
/// <param name="Components">One entry per enabled signal exporter, when requested.</param>
public sealed record TelemetryFlowHealth(HealthState Status, string Description, IReadOnlyList<ComponentHealth> Components);

/// <summary>The health of one component, such as the traces exporter.</summary>
/// <param name="Name">The component name, for example <c>traces-exporter</c>.</param>
/// <param name="Status">Its state.</param>
/// <param name="Description">A one-line explanation.</param>
public sealed record ComponentHealth(string Name, HealthState Status, string Description);
