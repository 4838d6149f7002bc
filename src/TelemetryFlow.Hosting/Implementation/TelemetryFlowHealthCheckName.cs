namespace TelemetryFlow.Hosting.Implementation;

/// <summary>A name the TelemetryFlow health check was registered under, kept in the host's services so a second registration is skipped.</summary>
/// <param name="Name">The health check's name.</param>
internal sealed record TelemetryFlowHealthCheckName(string Name);
