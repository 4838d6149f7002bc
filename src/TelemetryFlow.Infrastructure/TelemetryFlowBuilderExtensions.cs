using Microsoft.Extensions.Logging;

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
    /// Builds the configuration and creates a client that writes its own log lines (started, export failing, export
    /// recovered) to <paramref name="loggerFactory"/> under the category <c>TelemetryFlow</c>. Call
    /// <see cref="TelemetryFlowClient.Initialize"/> next.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">The app's logger factory; <see langword="null"/> for none.</param>
    /// <returns>A client that is not yet initialized.</returns>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static TelemetryFlowClient BuildClient(this TelemetryFlowBuilder builder, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return TelemetryFlowClient.Create(builder.Build(), loggerFactory);
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

    /// <summary>
    /// Builds the configuration and creates a client whose own log lines go to <paramref name="loggerFactory"/>, with
    /// additions to its OpenTelemetry tracer and meter providers. Call <see cref="TelemetryFlowClient.Initialize"/> next.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">The app's logger factory; <see langword="null"/> for none.</param>
    /// <param name="configureOpenTelemetry">Adds to the providers through <see cref="TelemetryFlowOpenTelemetryBuilder.WithTracing"/> and <see cref="TelemetryFlowOpenTelemetryBuilder.WithMetrics"/>.</param>
    /// <returns>A client that is not yet initialized.</returns>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static TelemetryFlowClient BuildClient(this TelemetryFlowBuilder builder, ILoggerFactory? loggerFactory, Action<TelemetryFlowOpenTelemetryBuilder> configureOpenTelemetry)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return TelemetryFlowClient.Create(builder.Build(), loggerFactory, configureOpenTelemetry);
    }
}
