using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Hosting.Implementation;
using TelemetryFlow.Infrastructure.Implementation.Logging;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>
/// The ASP.NET Core part of <c>AddTelemetryFlow()</c>, found by TelemetryFlow.Hosting when the app references this
/// package: the middleware options, the filter on ASP.NET Core's request logs, and the request activity source.
/// </summary>
internal sealed class AspNetCoreHostIntegration : IHostIntegration
{
    /// <summary>ASP.NET Core's request activity source, whose activity becomes the one server span per request.</summary>
    public const string AspNetCoreActivitySource = "Microsoft.AspNetCore";

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<TelemetryFlowMiddlewareOptions>();

        // ASP.NET Core's per-request start/finish logs repeat the server span and carry the full URL,
        // query string included; keep them out of export unless the app raises this level itself.
        services.Configure<LoggerFilterOptions>(options =>
            options.AddFilter<TelemetryFlowLoggerProvider>("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
    }

    public void ConfigurePipeline(IServiceProvider services, TelemetryFlowHostingOptions hosting, TelemetryPipelineExtensions extensions)
    {
        if (!hosting.InstrumentAspNetCore)
        {
            return;
        }

        extensions.Tracing.Add(tracing => tracing.AddSource(AspNetCoreActivitySource));

        // Each ASP.NET Core host registers its own source instance; export only this host's requests.
        if (services.GetService<ActivitySource>() is { Name: AspNetCoreActivitySource } hostSource)
        {
            extensions.OwnedSources.Add(hostSource);
        }
    }
}
