using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Hosting.Implementation;

/// <summary>
/// Creates the host's client. Precedence: code (the <c>AddTelemetryFlow</c> callbacks) &gt;
/// <c>TELEMETRYFLOW_*</c> environment variables &gt; the appsettings section &gt; defaults.
/// </summary>
internal static class TelemetryFlowClientFactory
{
    public static TelemetryFlowClient Create(IServiceProvider services)
    {
        var registration = services.GetRequiredService<TelemetryFlowRegistration>();
        var hosting = services.GetRequiredService<IOptions<TelemetryFlowHostingOptions>>().Value;
        var config = BuildConfig(registration, hosting, services.GetService<IConfiguration>());

        var extensions = new TelemetryPipelineExtensions { IncludeLogScopes = hosting.IncludeLogScopes };
        foreach (var integration in registration.Integrations)
        {
            integration.ConfigurePipeline(services, hosting, extensions);
        }

        if (hosting.InstrumentHttpClient)
        {
            extensions.Tracing.Add(tracing => tracing.AddHttpClientInstrumentation());
        }

        var client = TelemetryFlowClient.Create(config, sdk => sdk.AddSingleton(extensions));
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

    internal static TelemetryConfig BuildConfig(TelemetryFlowRegistration registration, TelemetryFlowHostingOptions hosting, IConfiguration? hostConfiguration)
    {
        var builder = new TelemetryFlowBuilder();
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
