using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelemetryFlow;
using TelemetryFlow.Hosting.Implementation;
using TelemetryFlow.Infrastructure.Implementation.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the TelemetryFlow SDK in a host's service collection.</summary>
public static class TelemetryFlowServiceCollectionExtensions
{
    /// <summary>
    /// Registers TelemetryFlow: a singleton <see cref="ITelemetryFlowClient"/> initialized when the host
    /// starts and flushed when it stops, export of the app's <c>ILogger</c> logs, and (in web apps)
    /// server and HttpClient spans. Settings come from code (<paramref name="configure"/>) &gt;
    /// <c>TELEMETRYFLOW_*</c> environment variables &gt; the <c>TelemetryFlow</c> appsettings section &gt; defaults.
    /// Safe to call more than once: services are registered once and the callbacks add up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Code settings, applied last (highest precedence).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>An invalid configuration throws <see cref="ConfigurationException"/> when the host starts, never at the first request.</remarks>
    public static IServiceCollection AddTelemetryFlow(this IServiceCollection services, Action<TelemetryFlowBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registration = GetOrAddRegistration(services);
        if (configure is not null)
        {
            registration.Configure.Add(configure);
        }

        return services;
    }

    /// <summary>
    /// Registers TelemetryFlow reading settings from <paramref name="configuration"/> instead of the
    /// host's <c>TelemetryFlow</c> section. See <see cref="AddTelemetryFlow(IServiceCollection, Action{TelemetryFlowBuilder}?)"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the settings (keys such as <c>ApiKeyId</c>, <c>Endpoint</c>, <c>ServiceName</c>).</param>
    /// <param name="configure">Code settings, applied last (highest precedence).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTelemetryFlow(this IServiceCollection services, IConfiguration configuration, Action<TelemetryFlowBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddTelemetryFlow(configure);
        GetOrAddRegistration(services).Configuration = configuration;
        return services;
    }

    private static TelemetryFlowRegistration GetOrAddRegistration(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(TelemetryFlowRegistration))?.ImplementationInstance;
        if (existing is TelemetryFlowRegistration registration)
        {
            return registration;
        }

        registration = new TelemetryFlowRegistration { Integrations = HostIntegrations.Discover() };
        services.AddSingleton(registration);
        services.AddOptions<TelemetryFlowHostingOptions>();
        services.TryAddSingleton(TelemetryFlowClientFactory.Create);
        services.TryAddSingleton<ITelemetryFlowClient>(sp => sp.GetRequiredService<TelemetryFlowClient>());
        services.AddHostedService<TelemetryFlowHostedService>();
        services.AddLogging();
        services.AddSingleton<ILoggerProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelemetryFlowHostingOptions>>().Value;
            return new TelemetryFlowLoggerProvider(() => options.ExportLoggerLogs ? registration.Pipeline : null);
        });
        foreach (var integration in registration.Integrations)
        {
            integration.AddServices(services);
        }

        return registration;
    }
}
