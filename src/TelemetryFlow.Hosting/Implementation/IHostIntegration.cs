using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Hosting.Implementation;

/// <summary>
/// What a package layered on this one adds to <c>AddTelemetryFlow()</c>: TelemetryFlow.AspNetCore registers its
/// middleware options and subscribes the client to ASP.NET Core's request activity through it. Found by
/// <see cref="HostIntegrations"/>.
/// </summary>
internal interface IHostIntegration
{
    /// <summary>Registers the integration's services; called once, by the first <c>AddTelemetryFlow()</c>.</summary>
    void AddServices(IServiceCollection services);

    /// <summary>Adds to the pipeline of the host's client, when the client is created.</summary>
    void ConfigurePipeline(IServiceProvider services, TelemetryFlowHostingOptions hosting, TelemetryPipelineExtensions extensions);
}
