namespace TelemetryFlow.Application.Status;

/// <summary>
/// Derives health from export accounting. Per exporter: Healthy when the last export succeeded (or
/// none was attempted) and nothing was dropped within the last minute; Degraded after 1 or 2 consecutive failed
/// exports, or while items are being dropped; Unhealthy after
/// <see cref="UnhealthyAfterConsecutiveFailures"/> or more, when nothing was ever delivered despite
/// failures, when the backend rejected the credentials, or while the export circuit breaker is open.
/// Overall: the worst exporter, or Unhealthy when the SDK is not running.
/// </summary>
internal static class HealthEvaluator
{
    public const int UnhealthyAfterConsecutiveFailures = 3;

    public static TelemetryFlowHealth Evaluate(TelemetryFlowStatus status, bool includeComponents)
    {
        if (!status.IsInitialized)
        {
            return new TelemetryFlowHealth
            {
                Status = HealthState.Unhealthy,
                Description = "The TelemetryFlow SDK is not running (not initialized, failed to start, or shut down).",
            };
        }

        var components = new[] { status.Traces, status.Metrics, status.Logs }
            .Where(s => s.Enabled)
            .Select(Evaluate)
            .ToArray();

        var worst = components.Length == 0 ? HealthState.Healthy : components.Max(c => c.Status);
        var description = worst switch
        {
            HealthState.Healthy => "All exporters are delivering telemetry.",
            _ => string.Join(" ", components.Where(c => c.Status != HealthState.Healthy).Select(c => $"{c.Name}: {c.Description}")),
        };

        return new TelemetryFlowHealth { Status = worst, Description = description, Components = includeComponents ? components : [] };
    }

    public static ComponentHealth Evaluate(SignalStatus signal)
    {
        var name = signal.Signal.ToString().ToLowerInvariant() + "-exporter";
        if (signal.CircuitState == CircuitState.Open)
        {
            return Component(
                name,
                HealthState.Unhealthy,
                $"circuit breaker open after {signal.ConsecutiveFailures} consecutive failed export(s): the backend is not called during the cool-down; last failure at {signal.LastFailureAt:O}: {signal.LastFailureReason}");
        }

        if (signal.ConsecutiveFailures == 0 && signal.IsDropping)
        {
            var reasons = string.Join(", ", signal.DroppedByReason.Where(d => d.Value > 0).Select(d => $"{d.Key}={d.Value}"));
            return Component(
                name,
                HealthState.Degraded,
                $"exports succeed, but items were dropped within the last minute (last at {signal.LastDroppedAt:O}); dropped so far: {reasons}");
        }

        if (signal.ConsecutiveFailures == 0)
        {
            var detail = signal.ExportAttempts == 0
                ? "no export attempted yet"
                : $"last export succeeded at {signal.LastSuccessAt:O}; {signal.Exported} items exported";
            return Component(name, HealthState.Healthy, detail);
        }

        var state = signal.ConsecutiveFailures >= UnhealthyAfterConsecutiveFailures || signal.Exported == 0 || signal.CredentialsRejected
            ? HealthState.Unhealthy
            : HealthState.Degraded;
        var probing = signal.CircuitState == CircuitState.HalfOpen ? "; circuit breaker half-open: the next export probes the backend" : string.Empty;
        return Component(
            name,
            state,
            $"{signal.ConsecutiveFailures} consecutive failed export(s); last failure at {signal.LastFailureAt:O}: {signal.LastFailureReason}{probing}");
    }

    private static ComponentHealth Component(string name, HealthState state, string description) =>
        new() { Name = name, Status = state, Description = description };
}
