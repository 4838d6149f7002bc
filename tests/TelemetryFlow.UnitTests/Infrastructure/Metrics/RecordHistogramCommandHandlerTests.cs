using System.Diagnostics;
using System.Diagnostics.Metrics;
using TelemetryFlow.Application.Metrics;
using TelemetryFlow.Infrastructure.Metrics;

namespace TelemetryFlow.UnitTests.Infrastructure.Metrics;

public sealed class RecordHistogramCommandHandlerTests : IDisposable
{
    private static readonly TagList Attributes = new() { { "route", "/checkout" } };

    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly MeasurementRecorder _recorder;
    private readonly MetricCommandHandler _handler;

    public RecordHistogramCommandHandlerTests()
    {
        _recorder = new MeasurementRecorder(_runtime.Meter);
        _handler = new MetricCommandHandler(_runtime.Pipeline, _runtime.Accounting);
    }

    [Fact]
    public async Task Handle_RecordsOnADoubleHistogramWithUnitAndAttributes()
    {
        await _handler.Handle(new RecordHistogramCommand("request.duration", 42.5, "ms", Attributes), default);

        var measurement = _recorder.Single();
        var histogram = Assert.IsType<Histogram<double>>(measurement.Instrument);
        Assert.Equal(("request.duration", "ms"), (histogram.Name, histogram.Unit));
        Assert.Equal(42.5, measurement.Value);
        Assert.Equal(Attributes, measurement.Tags);
        Assert.Equal(1, _runtime.Metrics.Snapshot(enabled: true).Recorded);
    }

    [Fact]
    public async Task Handle_SameNameWithAnotherUnit_RecordsOnAnotherInstrument()
    {
        await _handler.Handle(new RecordHistogramCommand("payload", 10, "By", default(TagList)), default);
        await _handler.Handle(new RecordHistogramCommand("payload", 10, "KiBy", default(TagList)), default);

        Assert.Equal(["By", "KiBy"], _recorder.Measurements.Select(m => m.Instrument.Unit));
        Assert.Equal(2, _runtime.Instruments.Count);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _runtime.Dispose();
    }
}
