using BenchmarkDotNet.Attributes;
using TelemetryFlow.Benchmarks.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Benchmarks.Micro;

/// <summary>
/// Startup with all three signals exporting to the in-process receiver: building the three OpenTelemetry providers by
/// hand vs <c>Build()</c> (configuration and validation) + <c>BuildClient</c> + <c>Initialize()</c>. What an
/// iteration started is disposed after it, outside the measurement.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(4)]
public class StartupBenchmarks
{
    private readonly List<IDisposable> _started = [];
    private OtlpReceiver _receiver = null!;
    private TelemetryConfig _config = null!;

    [GlobalSetup]
    public void Setup()
    {
        _receiver = OtlpReceiver.StartAsync().GetAwaiter().GetResult();
        _config = Builder().Build();
    }

    [GlobalCleanup]
    public void Cleanup() => _receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationCleanup]
    public void DisposeStarted()
    {
        foreach (var started in _started)
        {
            started.Dispose();
        }

        _started.Clear();
    }

    [Benchmark(Baseline = true, Description = "Tracer+Meter+Logger providers")]
    [BenchmarkCategory("startup")]
    public void RawStart() => _started.Add(RawOpenTelemetry.Start(_config));

    [Benchmark(Description = "Build + BuildClient + Initialize")]
    [BenchmarkCategory("startup")]
    public void SdkBuildInitialize()
    {
        var client = Builder().BuildClient();
        _started.Add(client);
        client.Initialize();
    }

    private TelemetryFlowBuilder Builder() => BenchmarkProfile.Builder(_receiver.GrpcEndpoint, Protocol.Grpc, BenchmarkProfile.Default);
}
