namespace TelemetryFlow;

/// <summary>The health of one component, such as the traces exporter.</summary>
/// <remarks>Built with init-only properties, so a later version can add a member without breaking code compiled against this one.</remarks>
public sealed record ComponentHealth
{
    /// <summary>The component name, for example <c>traces-exporter</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Its state.</summary>
    public required HealthState Status { get; init; }

    /// <summary>A one-line explanation.</summary>
    public required string Description { get; init; }
}
