using Microsoft.Extensions.Diagnostics.HealthChecks;
using TelemetryFlow.Hosting.Implementation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the TelemetryFlow health check.</summary>
public static class TelemetryFlowHealthChecksBuilderExtensions
{
    /// <summary>The default registration name.</summary>
    public const string DefaultName = "telemetryflow";

    /// <summary>
    /// Adds a health check reporting the SDK's health: Healthy, Degraded, or <paramref name="failureStatus"/>
    /// when exports keep failing or the SDK is not running.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported when the SDK is unhealthy (default Unhealthy).</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddTelemetryFlow(this IHealthChecksBuilder builder, string name = DefaultName, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<TelemetryFlowHealthCheck>(name, failureStatus, tags ?? []);
    }
}
