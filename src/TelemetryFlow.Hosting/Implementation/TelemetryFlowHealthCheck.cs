using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TelemetryFlow.Hosting.Implementation;

/// <summary>
/// Reports the SDK's health (from recent export outcomes) as a health check, with one data entry per signal
/// exporter. Contains no secret.
/// </summary>
internal sealed class TelemetryFlowHealthCheck : IHealthCheck
{
    private readonly ITelemetryFlowClient _client;

    public TelemetryFlowHealthCheck(ITelemetryFlowClient client) => _client = client;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await _client.GetHealthAsync(includeComponents: true, cancellationToken).ConfigureAwait(false);
        var data = health.Components.ToDictionary(c => c.Name, c => (object)$"{c.Status}: {c.Description}");
        var status = health.Status switch
        {
            HealthState.Healthy => HealthStatus.Healthy,
            HealthState.Degraded => HealthStatus.Degraded,
            _ => context.Registration.FailureStatus,
        };
        return new HealthCheckResult(status, health.Description, exception: null, data);
    }
}
