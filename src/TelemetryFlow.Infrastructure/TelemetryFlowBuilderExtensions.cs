namespace TelemetryFlow;

/// <summary>Shortcuts from a <see cref="TelemetryFlowBuilder"/> to a client.</summary>
public static class TelemetryFlowBuilderExtensions
{
    /// <summary>Builds the configuration and creates a client for it. Call <see cref="TelemetryFlowClient.Initialize"/> next.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>A client that is not yet initialized.</returns>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static TelemetryFlowClient BuildClient(this TelemetryFlowBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return TelemetryFlowClient.Create(builder.Build());
    }

    /// <summary>
    /// Builds the configuration and creates a client for it, with additions to its OpenTelemetry tracer and meter
    /// providers (any instrumentation library, source or meter). Call <see cref="TelemetryFlowClient.Initialize"/> next.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configureOpenTelemetry">Adds to the providers through <see cref="TelemetryFlowOpenTelemetryBuilder.WithTracing"/> and <see cref="TelemetryFlowOpenTelemetryBuilder.WithMetrics"/>.</param>
    /// <returns>A client that is not yet initialized.</returns>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static TelemetryFlowClient BuildClient(this TelemetryFlowBuilder builder, Action<TelemetryFlowOpenTelemetryBuilder> configureOpenTelemetry)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return TelemetryFlowClient.Create(builder.Build(), configureOpenTelemetry);
    }
}
