namespace TelemetryFlow.Hosting.Implementation;

/// <summary>
/// One callback registered with <c>ConfigureTelemetryFlowTracerProvider</c> or <c>ConfigureTelemetryFlowMeterProvider</c>,
/// kept in the host's container so the order of registration calls does not matter; applied when the client is created.
/// </summary>
/// <typeparam name="TBuilder">The OpenTelemetry provider builder it configures.</typeparam>
internal sealed class ProviderConfiguration<TBuilder>(Action<IServiceProvider, TBuilder> configure)
{
    public Action<IServiceProvider, TBuilder> Configure { get; } = configure;
}
