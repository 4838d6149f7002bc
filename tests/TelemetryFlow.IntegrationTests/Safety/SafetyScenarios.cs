namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>
/// Runs the Safety tests alone, after the parallel ones. Their clients subscribe to the shared
/// <c>TelemetryFlow</c> activity source by name and sample everything, and .NET keeps the most permissive
/// sampling decision of all listeners, so alongside other tests they would change those tests' sampling
/// and allocation measurements (and the secret scan reads process-wide self-diagnostics).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SafetyScenarios
{
    public const string Name = "Safety";
}
