using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using TelemetryFlow.Benchmarks.Support;

namespace TelemetryFlow.Benchmarks.Micro;

/// <summary>One measurement with two attributes: an instrument on a MeterProvider with a reader attached vs the client.</summary>
[MemoryDiagnoser]
public class MetricBenchmarks
{
    private const string CounterName = "bench.counter";
    private const string HistogramName = "bench.histogram";
    private const string GaugeName = "bench.gauge";
    private const string Unit = "ms";

    private ParkedPipelines _pipelines = null!;
    private Counter<long> _counter = null!;
    private Histogram<double> _histogram = null!;
    private Gauge<double> _gauge = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pipelines = ParkedPipelines.Start(SignalType.Metrics);
        var meter = _pipelines.Raw.Meter;
        _counter = meter.CreateCounter<long>(CounterName);
        _histogram = meter.CreateHistogram<double>(HistogramName, Unit);
        _gauge = meter.CreateGauge<double>(GaugeName);
    }

    [GlobalCleanup]
    public void Cleanup() => _pipelines.Dispose();

    [Benchmark(Baseline = true, Description = "Counter<long>.Add")]
    [BenchmarkCategory("counter")]
    public void RawCounter() => _counter.Add(1, BenchmarkProfile.TwoTags());

    [Benchmark(Description = "client.IncrementCounter")]
    [BenchmarkCategory("counter")]
    public void SdkCounter() => _pipelines.Client.IncrementCounter(CounterName, 1, BenchmarkProfile.TwoTags());

    [Benchmark(Baseline = true, Description = "Histogram<double>.Record")]
    [BenchmarkCategory("histogram")]
    public void RawHistogram() => _histogram.Record(42.5, BenchmarkProfile.TwoTags());

    [Benchmark(Description = "client.RecordHistogram")]
    [BenchmarkCategory("histogram")]
    public void SdkHistogram() => _pipelines.Client.RecordHistogram(HistogramName, 42.5, Unit, BenchmarkProfile.TwoTags());

    [Benchmark(Baseline = true, Description = "Gauge<double>.Record")]
    [BenchmarkCategory("gauge")]
    public void RawGauge() => _gauge.Record(17.25, BenchmarkProfile.TwoTags());

    [Benchmark(Description = "client.RecordGauge")]
    [BenchmarkCategory("gauge")]
    public void SdkGauge() => _pipelines.Client.RecordGauge(GaugeName, 17.25, BenchmarkProfile.TwoTags());
}
