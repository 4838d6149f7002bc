using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TelemetryFlow.Hosting.Implementation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The hook onto the OpenTelemetry tracer and meter provider builders of the host's TelemetryFlow client, shaped like
/// OpenTelemetry's <c>ConfigureOpenTelemetryTracerProvider</c>/<c>ConfigureOpenTelemetryMeterProvider</c>: any
/// instrumentation library's extension method, <c>AddSource</c> and <c>AddMeter</c> work as in plain OpenTelemetry.
/// </summary>
/// <remarks>
/// The callbacks run when the client is created (the first time it is resolved, at the latest when the host starts),
/// before the SDK adds its sampler, safety processor and exporter, so what they add is sanitized, counted and delivered
/// like the SDK's own telemetry. Safe to call any number of times, before or after <c>AddTelemetryFlow()</c>: every
/// callback runs, in registration order. The client's providers have their own service collection (extension methods
/// register their options there through <c>ConfigureServices</c>); the <see cref="IServiceProvider"/> argument is the
/// host's, for anything the callback needs from it.
/// </remarks>
public static class TelemetryFlowOpenTelemetryServiceCollectionExtensions
{
    /// <summary>Adds a callback that configures the TelemetryFlow client's <see cref="TracerProviderBuilder"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds sources, instrumentation or processors.</param>
    /// <returns>The service collection.</returns>
    /// <example><c>services.ConfigureTelemetryFlowTracerProvider(tracing =&gt; tracing.AddEntityFrameworkCoreInstrumentation());</c></example>
    public static IServiceCollection ConfigureTelemetryFlowTracerProvider(this IServiceCollection services, Action<TracerProviderBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.ConfigureTelemetryFlowTracerProvider((_, tracing) => configure(tracing));
    }

    /// <summary>Adds a callback that configures the TelemetryFlow client's <see cref="TracerProviderBuilder"/>, with the host's services.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds sources, instrumentation or processors; receives the host's service provider.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection ConfigureTelemetryFlowTracerProvider(this IServiceCollection services, Action<IServiceProvider, TracerProviderBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton(new ProviderConfiguration<TracerProviderBuilder>(configure));
        return services;
    }

    /// <summary>Adds a callback that configures the TelemetryFlow client's <see cref="MeterProviderBuilder"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds meters or instrumentation.</param>
    /// <returns>The service collection.</returns>
    /// <example><c>services.ConfigureTelemetryFlowMeterProvider(metrics =&gt; metrics.AddMeter("Npgsql"));</c></example>
    public static IServiceCollection ConfigureTelemetryFlowMeterProvider(this IServiceCollection services, Action<MeterProviderBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.ConfigureTelemetryFlowMeterProvider((_, metrics) => configure(metrics));
    }

    /// <summary>Adds a callback that configures the TelemetryFlow client's <see cref="MeterProviderBuilder"/>, with the host's services.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds meters or instrumentation; receives the host's service provider.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection ConfigureTelemetryFlowMeterProvider(this IServiceCollection services, Action<IServiceProvider, MeterProviderBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton(new ProviderConfiguration<MeterProviderBuilder>(configure));
        return services;
    }
}
