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
}
