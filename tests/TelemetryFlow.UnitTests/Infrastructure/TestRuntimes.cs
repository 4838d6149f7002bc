using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure;

/// <summary>
/// Runtimes for handler tests. They are never started: the constructor already creates the activity
/// source, meter and instruments, and starting would build tracer providers that subscribe to every
/// source named "TelemetryFlow" in the process, including other tests' runtimes.
/// </summary>
internal static class TestRuntimes
{
    public const string ServiceName = "unit";
    public const string Endpoint = "http://127.0.0.1:4317";

    public static TelemetryFlowBuilder Builder() =>
        new TelemetryFlowBuilder().WithApiKey("tfk_unit", "tfs_unit").WithService(ServiceName).WithEndpoint(Endpoint);

    public static TelemetryConfig Config() => Builder().Build();

    public static TelemetryRuntime Create() => new(Config(), TimeProvider.System, new TelemetryPipelineExtensions());
}
