using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow;

/// <summary>
/// The hook onto the OpenTelemetry tracer and meter provider builders a client exports through, named after
/// OpenTelemetry's own <c>WithTracing</c>/<c>WithMetrics</c>: any instrumentation library's extension method
/// (<c>AddEntityFrameworkCoreInstrumentation()</c>, <c>AddSqlClientInstrumentation()</c>,
/// <c>AddHttpClientInstrumentation()</c>), <c>AddSource</c> and <c>AddMeter</c> work here as in plain OpenTelemetry.
/// </summary>
/// <remarks>
/// <para>
/// The callbacks run when the client starts (<see cref="TelemetryFlowClient.Initialize"/>), before the SDK adds its
/// sampler, safety processor and exporter: spans and metrics from what they add are sanitized, limited, counted and
/// delivered like the SDK's own. The resource, the sampler and the exporter stay the SDK's (set them through
/// <see cref="TelemetryFlowBuilder"/>); a callback may add to the resource with <c>ConfigureResource</c>.
/// </para>
/// <para>
/// A view added with <c>AddView</c> creates a second stream for the instruments it matches, because the SDK's own
/// view (cardinality limit) matches every instrument.
/// </para>
/// <para>In a host, use <c>services.ConfigureTelemetryFlowTracerProvider(...)</c> and
/// <c>services.ConfigureTelemetryFlowMeterProvider(...)</c> instead, whose callbacks also receive the host's services.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var client = new TelemetryFlowBuilder()
///     .WithApiKey("tfk_my_key", "tfs_my_secret")
///     .WithService("checkout")
///     .BuildClient(otel => otel
///         .WithTracing(tracing => tracing.AddSqlClientInstrumentation().AddSource("Npgsql"))
///         .WithMetrics(metrics => metrics.AddMeter("Npgsql")));
/// client.Initialize();
/// </code>
/// </example>
public sealed class TelemetryFlowOpenTelemetryBuilder
{
    internal TelemetryFlowOpenTelemetryBuilder(TelemetryPipelineExtensions extensions) => Extensions = extensions;

    internal TelemetryPipelineExtensions Extensions { get; }

    /// <summary>Adds a callback that configures the client's <see cref="TracerProviderBuilder"/>.</summary>
    /// <param name="configure">Adds sources, instrumentation or processors.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowOpenTelemetryBuilder WithTracing(Action<TracerProviderBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Extensions.Tracing.Add(configure);
        return this;
    }

    /// <summary>Adds a callback that configures the client's <see cref="MeterProviderBuilder"/>.</summary>
    /// <param name="configure">Adds meters or instrumentation.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowOpenTelemetryBuilder WithMetrics(Action<MeterProviderBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Extensions.Metrics.Add(configure);
        return this;
    }
}
