using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using TelemetryFlow.Benchmarks.Support;

namespace TelemetryFlow.Benchmarks.Micro;

/// <summary>
/// A sampled span started and ended on a TracerProvider with a batch processor: ActivitySource vs the client's
/// <c>using</c> scope and its by-id <c>StartSpan</c>/<c>EndSpan</c> pair.
/// </summary>
[MemoryDiagnoser]
public class SpanBenchmarks
{
    private ParkedPipelines _pipelines = null!;
    private ActivitySource _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pipelines = ParkedPipelines.Start(SignalType.Traces);
        _source = _pipelines.Raw.Source;
    }

    [GlobalCleanup]
    public void Cleanup() => _pipelines.Dispose();

    [Benchmark(Baseline = true, Description = "ActivitySource.StartActivity + Stop")]
    [BenchmarkCategory("span")]
    public void RawStartStop()
    {
        using var activity = _source.StartActivity(BenchmarkProfile.SpanName);
    }

    [Benchmark(Description = "using client.Span")]
    [BenchmarkCategory("span")]
    public void SdkSpanScope()
    {
        using var span = _pipelines.Client.Span(BenchmarkProfile.SpanName);
    }

    [Benchmark(Description = "client.StartSpan + EndSpan(id)")]
    [BenchmarkCategory("span")]
    public bool SdkStartEndById()
    {
        var client = _pipelines.Client;
        var span = client.StartSpan(BenchmarkProfile.SpanName);
        return client.EndSpan(span.SpanId);
    }
}
