using System.Diagnostics;
using System.Diagnostics.Metrics;
using TelemetryFlow.Application.Metrics.Commands.RecordCounter;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.Infrastructure.Metrics.Commands.RecordCounter;

namespace TelemetryFlow.UnitTests.Infrastructure.Metrics.Commands.RecordCounter;

public sealed class RecordCounterCommandHandlerTests : IDisposable
{
    private static readonly TagList Attributes = new() { { "region", "eu" }, { "status", 200 } };

    private readonly TelemetryRuntime _runtime = TestRuntimes.Create();
    private readonly MeasurementRecorder _recorder;
    private readonly RecordCounterCommandHandler _handler;

    public RecordCounterCommandHandlerTests()
    {
        _recorder = new MeasurementRecorder(_runtime.Meter);
        _handler = new RecordCounterCommandHandler(_runtime);
    }

    [Fact]
    public async Task Handle_AddsToALongCounterWithTheAttributes()
    {
        await _handler.Handle(new RecordCounterCommand("orders", 3, Attributes), default);

        var measurement = _recorder.Single();
        var counter = Assert.IsType<Counter<long>>(measurement.Instrument);
        Assert.Equal("orders", counter.Name);
        Assert.Equal(3, measurement.Value);
        Assert.Equal(Attributes, measurement.Tags);
        Assert.Equal(1, _runtime.Metrics.Snapshot(enabled: true).Recorded);
    }

    [Fact]
    public async Task Handle_TwiceWithOneName_UsesOneInstrumentAndCountsTwoRecordings()
    {
        await _handler.Handle(new RecordCounterCommand("orders", 1, default(TagList)), default);
        await _handler.Handle(new RecordCounterCommand("orders", 2, default(TagList)), default);

        Assert.Single(_recorder.Measurements.Select(m => m.Instrument).Distinct());
        Assert.Equal([1d, 2d], _recorder.Measurements.Select(m => m.Value));
        Assert.Equal(2, _runtime.Metrics.Snapshot(enabled: true).Recorded);
        Assert.Equal(0, _runtime.Traces.Snapshot(enabled: true).Recorded);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _runtime.Dispose();
    }
}
