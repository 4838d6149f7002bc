using System.Diagnostics;
using System.Diagnostics.Metrics;
using TelemetryFlow.Application.Metrics;
using TelemetryFlow.Infrastructure.Metrics;

namespace TelemetryFlow.UnitTests.Infrastructure.Metrics;

public sealed class RecordGaugeCommandHandlerTests : IDisposable
{
    private static readonly TagList Attributes = new() { { "queue", "payments" } };

    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly MeasurementRecorder _recorder;

    public RecordGaugeCommandHandlerTests() => _recorder = new MeasurementRecorder(_runtime.Meter);

    [Fact]
    public async Task Handle_RecordsOnADoubleGaugeWithTheAttributes()
    {
        await new MetricCommandHandler(_runtime.Pipeline, _runtime.Accounting).Handle(new RecordGaugeCommand("queue.depth", 12.5, Attributes), default);

        var measurement = _recorder.Single();
        var gauge = Assert.IsType<Gauge<double>>(measurement.Instrument);
        Assert.Equal("queue.depth", gauge.Name);
        Assert.Equal(12.5, measurement.Value);
        Assert.Equal(Attributes, measurement.Tags);
        Assert.Equal(1, _runtime.Metrics.Snapshot(enabled: true).Recorded);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _runtime.Dispose();
    }
}
