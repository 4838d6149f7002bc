using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using TelemetryFlow.Cli.Commands;

namespace TelemetryFlow.Cli.Configuration;

/// <summary>
/// Creates a client through the SDK's own <c>AddTelemetryFlow(section, configure)</c>, so the configuration is
/// merged and validated by the SDK's code, not a copy of it: code (the flags) &gt; the environment
/// (<see cref="TelemetryFlowHostingOptions.ReadEnvironmentVariable"/>) &gt; the appsettings section &gt; defaults.
/// </summary>
internal sealed class SdkClientFactory : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SdkClientFactory(ServiceProvider services) => _services = services;

    /// <summary>Resolves the client. Throws <see cref="ConfigurationException"/> with every problem, as an app's host would at startup.</summary>
    /// <param name="layers">The configuration sources.</param>
    /// <param name="flags">The flags, applied as code settings.</param>
    /// <param name="withoutDiskBuffer">
    /// Leave out the app's disk buffer (<c>StorageDirectory</c>), so test telemetry that fails is not stored for the app
    /// to replay later. Only for the test export, after the exact configuration was validated.
    /// </param>
    public static (SdkClientFactory Owner, TelemetryFlowClient Client) Create(ConfigurationLayers layers, ConfigFlags flags, bool withoutDiskBuffer = false)
    {
        var configuration = layers.Configuration;
        Func<string, string?> readVariable = layers.ReadVariable;
        if (withoutDiskBuffer)
        {
            configuration = new ConfigurationBuilder()
                .AddConfiguration(layers.Configuration)
                .AddInMemoryCollection([new($"{ConfigurationLayers.SectionName}:StorageDirectory", null)])
                .Build();
            readVariable = name => name == TelemetryFlowEnvironmentVariables.StorageDirectory ? null : layers.ReadVariable(name);
        }

        var services = new ServiceCollection();
        services.AddSingleton(configuration);

        // As the app's host would: the SDK falls back to the host's environment name (--host-environment, else the variables).
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = layers.HostEnvironment, ApplicationName = "telemetryflow-gen", ContentRootPath = AppContext.BaseDirectory });
        services.Configure<TelemetryFlowHostingOptions>(options =>
        {
            options.ReadEnvironmentVariable = readVariable;

            // The doctor sends its own test telemetry; it has no requests, HttpClient calls or ILogger logs to export.
            options.InstrumentAspNetCore = false;
            options.InstrumentHttpClient = false;
            options.ExportLoggerLogs = false;
        });
        services.AddTelemetryFlow(configuration.GetSection(ConfigurationLayers.SectionName), builder => layers.ApplyFlags(builder, flags));
        var provider = services.BuildServiceProvider();
        var owner = new SdkClientFactory(provider);
        try
        {
            return (owner, provider.GetRequiredService<TelemetryFlowClient>());
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
