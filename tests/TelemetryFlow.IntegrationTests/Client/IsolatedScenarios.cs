namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>
/// Tests whose outcome another live client would change: OpenTelemetry's activity listeners are
/// process-wide, so a concurrently running client with an always-on sampler records spans that a
/// sampling test expects unrecorded, and adds work an allocation test would count. They run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedScenarios
{
    public const string Name = "Client scenarios that need the process to themselves";
}
