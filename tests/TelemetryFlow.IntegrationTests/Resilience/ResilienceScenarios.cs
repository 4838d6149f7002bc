namespace TelemetryFlow.IntegrationTests.Resilience;

/// <summary>
/// The fault scenarios run on their own, after the parallel tests. Their clients live for seconds, and
/// OpenTelemetry's activity listeners are process-wide: a client that samples everything would make a
/// concurrent test's unsampled spans record. Running alone also keeps the latency and memory figures clean.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ResilienceScenarios
{
    public const string Name = "Resilience";
}
