using Microsoft.Extensions.Diagnostics.HealthChecks;
using TelemetryFlow.Hosting.Implementation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the TelemetryFlow health check.</summary>
public static class TelemetryFlowHealthChecksBuilderExtensions
{
    /// <summary>The default registration name.</summary>
    public const string DefaultName = "telemetryflow";

    /// <summary>What an unhealthy SDK (exports failing, or not running) reports by default: Degraded, not Unhealthy.</summary>
    public const HealthStatus DefaultFailureStatus = HealthStatus.Degraded;

    /// <summary>
    /// Adds a health check reporting the SDK's health: Healthy, Degraded, or <paramref name="failureStatus"/>
    /// when exports keep failing or the SDK is not running.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">
    /// The status reported when the SDK is unhealthy: Degraded by default, so a telemetry outage never takes a healthy
    /// instance out of rotation; pass <see cref="HealthStatus.Unhealthy"/> to fail the check instead.
    /// </param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Safe to call more than once: a second call with a name already registered here adds nothing (the first call's
    /// status and tags stay), where a plain second <c>AddCheck</c> would fail at startup with "Duplicate health checks
    /// were registered". Another name adds a second check.
    /// </remarks>
    public static IHealthChecksBuilder AddTelemetryFlow(this IHealthChecksBuilder builder, string name = DefaultName, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var marker = new TelemetryFlowHealthCheckName(name);
        if (builder.Services.Any(service => marker.Equals(service.ImplementationInstance)))
        {
            return builder;
        }

        builder.Services.AddSingleton(marker);
        return builder.AddCheck<TelemetryFlowHealthCheck>(name, failureStatus ?? DefaultFailureStatus, tags ?? []);
    }
}
