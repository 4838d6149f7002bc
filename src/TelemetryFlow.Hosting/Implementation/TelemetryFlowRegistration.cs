using Microsoft.Extensions.Configuration;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Hosting.Implementation;

/// <summary>
/// What every <c>AddTelemetryFlow()</c> call contributed. Registered once; later calls add their
/// callbacks here instead of registering services again, so calling twice behaves as once.
/// </summary>
internal sealed class TelemetryFlowRegistration
{
    public List<Action<TelemetryFlowBuilder>> Configure { get; } = [];

    /// <summary>An explicit section passed to <c>AddTelemetryFlow(configuration)</c>; otherwise the host's <c>TelemetryFlow</c> section is read.</summary>
    public IConfiguration? Configuration { get; set; }

    /// <summary>The integrations of the packages layered on this one that the app references (<see cref="HostIntegrations"/>).</summary>
    public IReadOnlyList<IHostIntegration> Integrations { get; init; } = [];

    /// <summary>The running pipeline, once the client exists; the ILogger bridge and middleware use it.</summary>
    public TelemetryPipeline? Pipeline { get; set; }
}
