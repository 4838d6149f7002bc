using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Hosting.Implementation;

/// <summary>
/// Creates the host's client. Precedence: code (the <c>AddTelemetryFlow</c> callbacks) &gt;
/// <c>TELEMETRYFLOW_*</c> environment variables &gt; the appsettings section &gt; the host's environment name
/// (for the deployment environment only, lowercased) &gt; defaults.
/// </summary>
internal static class TelemetryFlowClientFactory
{
    public static TelemetryFlowClient Create(IServiceProvider services)
    {
        var registration = services.GetRequiredService<TelemetryFlowRegistration>();
        var hosting = services.GetRequiredService<IOptions<TelemetryFlowHostingOptions>>().Value;
        var config = BuildConfig(registration, hosting, services.GetService<IConfiguration>(), services.GetService<IHostEnvironment>()?.EnvironmentName);

        var extensions = new TelemetryPipelineExtensions { IncludeLogScopes = hosting.IncludeLogScopes };
        foreach (var integration in registration.Integrations)
        {
            integration.ConfigurePipeline(services, hosting, extensions);
        }

        // ASP.NET Core and IHttpClientFactory create their meters through the host's factory: export only this host's.
        extensions.HostMeterFactory = services.GetService<IMeterFactory>();

        if (hosting.InstrumentHttpClient)
        {
            extensions.Tracing.Add(tracing => tracing.AddHttpClientInstrumentation());
        }

        // The app's additions after the SDK's, as AddOpenTelemetry() applies its callbacks in registration order.
        foreach (var tracing in services.GetServices<ProviderConfiguration<TracerProviderBuilder>>())
        {
            extensions.Tracing.Add(builder => tracing.Configure(services, builder));
        }

        foreach (var metrics in services.GetServices<ProviderConfiguration<MeterProviderBuilder>>())
        {
            extensions.Metrics.Add(builder => metrics.Configure(services, builder));
        }

        var client = TelemetryFlowClient.Create(config, extensions, services.GetService<ILoggerFactory>());
        registration.Pipeline = client.Pipeline;
        SubscribeEventHandlers(client, services);
        return client;
    }

    /// <summary>Subscribes every <see cref="ITelemetryFlowEventHandler{TEvent}"/> registered in the host's container.</summary>
    private static void SubscribeEventHandlers(TelemetryFlowClient client, IServiceProvider services)
    {
        Subscribe<TelemetryFlowEvent>(client, services);
        Subscribe<SdkInitialized>(client, services);
        Subscribe<SdkShutdown>(client, services);
        Subscribe<ExportFailed>(client, services);
        Subscribe<ExportRecovered>(client, services);
        Subscribe<TelemetryDropped>(client, services);
        Subscribe<CircuitBreakerOpened>(client, services);
        Subscribe<CircuitBreakerClosed>(client, services);
        Subscribe<HealthChanged>(client, services);
    }

    private static void Subscribe<TEvent>(TelemetryFlowClient client, IServiceProvider services)
        where TEvent : TelemetryFlowEvent
    {
        foreach (var handler in services.GetServices<ITelemetryFlowEventHandler<TEvent>>())
        {
            client.Subscribe(handler);
        }
    }

    internal static TelemetryConfig BuildConfig(TelemetryFlowRegistration registration, TelemetryFlowHostingOptions hosting, IConfiguration? hostConfiguration, string? hostEnvironmentName = null)
    {
        var builder = new TelemetryFlowBuilder().WithHostEnvironmentName(hostEnvironmentName);
        var section = registration.Configuration ?? hostConfiguration?.GetSection(TelemetryFlowHostingOptions.DefaultSectionName);
        if (section is not null)
        {
            var path = (section as IConfigurationSection)?.Path ?? TelemetryFlowHostingOptions.DefaultSectionName;
            builder.WithSettingsSection(
                key => section[key],
                key => section.GetSection(key).GetChildren().Select(child => new KeyValuePair<string, string?>(child.Key, child.Value)),
                section.GetChildren().Select(child => child.Key),
                path);
        }

        builder.WithAutoConfiguration(hosting.ReadEnvironmentVariable);
        foreach (var configure in registration.Configure)
        {
            configure(builder);
        }

        return builder.Build();
    }
}
