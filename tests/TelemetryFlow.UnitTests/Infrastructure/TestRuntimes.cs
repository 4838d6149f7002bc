using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Delivery;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Resources;
using TelemetryFlow.Infrastructure.Implementation.Safety;
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

    public static TestRuntime Create(TelemetryConfig? config = null) => new(config ?? Config());
}

/// <summary>The runtime's parts built as <c>SdkServices</c> builds them, with shorthands for what handler tests read.</summary>
internal sealed class TestRuntime : IDisposable
{
    public TestRuntime(TelemetryConfig config)
    {
        Breakers = new CircuitBreakers(config, TimeProvider.System);
        Accounting = new ExportAccounting(config, TimeProvider.System, Breakers);
        Delivery = new ExportDelivery(config, TimeProvider.System, Breakers, Accounting);
        Pipeline = new TelemetryPipeline(config, new TelemetryPipelineExtensions(), Accounting, Delivery, TimeProvider.System, ResourceDetector.Process);
    }

    public CircuitBreakers Breakers { get; }

    public ExportAccounting Accounting { get; }

    public ExportDelivery Delivery { get; }

    public TelemetryPipeline Pipeline { get; }

    public TelemetryConfig Config => Pipeline.Config;

    public ActivitySource ActivitySource => Pipeline.ActivitySource;

    public Meter Meter => Pipeline.Meter;

    public MetricInstruments Instruments => Pipeline.Instruments;

    public SpanRegistry Spans => Pipeline.Spans;

    public TelemetrySanitizer Sanitizer => Pipeline.Sanitizer;

    public SafetyStatistics Safety => Pipeline.Safety;

    public ILogger Logger => Pipeline.Logger;

    public SignalStatistics Traces => Accounting.Traces;

    public SignalStatistics Metrics => Accounting.Metrics;

    public SignalStatistics Logs => Accounting.Logs;

    public void Start() => Pipeline.Start();

    public bool Flush(TimeSpan timeout) => Pipeline.Flush(timeout);

    public bool Shutdown(TimeSpan timeout) => Pipeline.Shutdown(timeout);

    public void Dispose() => Pipeline.Dispose();
}
