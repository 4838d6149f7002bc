using System.Diagnostics;
using System.Diagnostics.Metrics;
using TelemetryFlow.Application.Metrics;
using TelemetryFlow.Infrastructure.Metrics;

namespace TelemetryFlow.UnitTests.Infrastructure.Metrics;

public sealed class RecordMetricCommandHandlerTests : IDisposable
{
    private static readonly TagList Attributes = new() { { "host", "web-1" }, { "core", 3 } };

    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly MeasurementRecorder _recorder;

    public RecordMetricCommandHandlerTests() => _recorder = new MeasurementRecorder(_runtime.Meter);

    [Fact]
    public async Task Handle_RecordsOnAHistogramWithUnitAndAttributes()
    {
        await new MetricCommandHandler(_runtime.Pipeline, _runtime.Accounting).Handle(new RecordMetricCommand("cpu.utilization", 0.75, "1", Attributes), default);

        var measurement = _recorder.Single();
        var histogram = Assert.IsType<Histogram<double>>(measurement.Instrument);
        Assert.Equal(("cpu.utilization", "1"), (histogram.Name, histogram.Unit));
        Assert.Equal(0.75, measurement.Value);
        Assert.Equal(Attributes, measurement.Tags);
        Assert.Equal(1, _runtime.Metrics.Snapshot(enabled: true).Recorded);
    }

    [Fact]
    public async Task Handle_SameNameAndUnitAsAHistogram_SharesTheInstrument()
    {
        await new MetricCommandHandler(_runtime.Pipeline, _runtime.Accounting).Handle(new RecordMetricCommand("latency", 1, "ms", default(TagList)), default);
        await new MetricCommandHandler(_runtime.Pipeline, _runtime.Accounting).Handle(new RecordHistogramCommand("latency", 2, "ms", default(TagList)), default);

        Assert.Single(_recorder.Measurements.Select(m => m.Instrument).Distinct());
        Assert.Equal(1, _runtime.Instruments.Count);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _runtime.Dispose();
    }
}
