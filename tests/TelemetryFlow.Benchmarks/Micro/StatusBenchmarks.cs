using BenchmarkDotNet.Attributes;
using TelemetryFlow.Benchmarks.Support;

namespace TelemetryFlow.Benchmarks.Micro;

/// <summary>The status query (no OpenTelemetry equivalent, so no baseline).</summary>
[MemoryDiagnoser]
public class StatusBenchmarks
{
    private ParkedPipelines _pipelines = null!;

    [GlobalSetup]
    public void Setup() => _pipelines = ParkedPipelines.Start(SignalType.All);

    [GlobalCleanup]
    public void Cleanup() => _pipelines.Dispose();

    [Benchmark(Description = "client.GetStatusAsync")]
    [BenchmarkCategory("status")]
    public ValueTask<TelemetryFlowStatus> SdkGetStatus() => _pipelines.Client.GetStatusAsync();
}
