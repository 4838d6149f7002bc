namespace TelemetryFlow;

/// <summary>The SDK's health, derived from recent export outcomes. Contains no secret.</summary>
/// <remarks>Built with init-only properties, so a later version can add a member without breaking code compiled against this one.</remarks>
public sealed record TelemetryFlowHealth
{
    /// <summary>The overall state: the worst of the components, or Unhealthy when not running.</summary>
    public required HealthState Status { get; init; }

    /// <summary>A one-line explanation.</summary>
    public required string Description { get; init; }

    /// <summary>One entry per enabled signal exporter, when requested; empty otherwise.</summary>
    public IReadOnlyList<ComponentHealth> Components { get; init; } = [];
}
