using TelemetryFlow.Application.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using TelemetryFlow.Application.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.Infrastructure.Metrics;

namespace TelemetryFlow.UnitTests.Infrastructure.Metrics;

public sealed class RecordCounterCommandHandlerTests : IDisposable
{
    private static readonly TagList Attributes = new() { { "region", "eu" }, { "status", 200 } };

    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly MeasurementRecorder _recorder;
    private readonly MetricCommandHandler _handler;

    public RecordCounterCommandHandlerTests()
    {
        _recorder = new MeasurementRecorder(_runtime.Meter);
        _handler = new MetricCommandHandler(_runtime.Pipeline, _runtime.Accounting);
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

    [Fact]
    public async Task Handle_LargeIncrementsWithinTheBudget_AreAdded()
    {
        await _handler.Handle(new RecordCounterCommand("bytes", CounterHeadroom.LargeIncrement, default(TagList)), default);
        await _handler.Handle(new RecordCounterCommand("bytes", CounterHeadroom.LargeIncrementBudget - CounterHeadroom.LargeIncrement, default(TagList)), default);

        Assert.Equal([(double)CounterHeadroom.LargeIncrement, CounterHeadroom.LargeIncrementBudget - CounterHeadroom.LargeIncrement], _recorder.Measurements.Select(m => m.Value));
        var status = _runtime.Metrics.Snapshot(enabled: true);
        Assert.Equal((2, 0), (status.Recorded, status.Dropped));
    }

    [Fact]
    public async Task Handle_LongMaxValueTwice_RefusesBothAndCountsThemOutOfRange()
    {
        await _handler.Handle(new RecordCounterCommand("c", 5, default(TagList)), default);
        await _handler.Handle(new RecordCounterCommand("c", long.MaxValue, default(TagList)), default);
        await _handler.Handle(new RecordCounterCommand("c", long.MaxValue, default(TagList)), default);

        Assert.Equal([5d], _recorder.Measurements.Select(m => m.Value));
        var status = _runtime.Metrics.Snapshot(enabled: true);
        Assert.Equal(1, status.Recorded);
        Assert.Equal(2, status.DroppedByReason[DropReason.ValueOutOfRange.Value]);
    }

    [Fact]
    public async Task Handle_LargeIncrementPassingTheBudget_IsRefusedWholeAndSmallOnesStillCount()
    {
        await _handler.Handle(new RecordCounterCommand("c", CounterHeadroom.LargeIncrementBudget, default(TagList)), default);
        await _handler.Handle(new RecordCounterCommand("c", CounterHeadroom.LargeIncrement, default(TagList)), default);
        await _handler.Handle(new RecordCounterCommand("c", CounterHeadroom.LargeIncrement - 1, default(TagList)), default);

        Assert.Equal([(double)CounterHeadroom.LargeIncrementBudget, CounterHeadroom.LargeIncrement - 1], _recorder.Measurements.Select(m => m.Value));
        Assert.Equal(1, _runtime.Metrics.Snapshot(enabled: true).DroppedByReason[DropReason.ValueOutOfRange.Value]);
    }

    [Fact]
    public async Task Handle_BudgetIsPerCounter()
    {
        await _handler.Handle(new RecordCounterCommand("first", CounterHeadroom.LargeIncrementBudget, default(TagList)), default);
        await _handler.Handle(new RecordCounterCommand("second", CounterHeadroom.LargeIncrementBudget, default(TagList)), default);

        Assert.Equal(2, _recorder.Measurements.Count);
        Assert.Equal(0, _runtime.Metrics.Snapshot(enabled: true).Dropped);
    }

    [Fact]
    public async Task Handle_NegativeIncrement_IsDroppedAsInvalidValue()
    {
        await _handler.Handle(new RecordCounterCommand("c", -1, default(TagList)), default);

        Assert.Empty(_recorder.Measurements);
        Assert.Equal(1, _runtime.Metrics.Snapshot(enabled: true).DroppedByReason[DropReason.InvalidValue.Value]);
    }

    [Fact]
    public async Task Handle_NameBeyondTheStreamLimit_IsDroppedAsMetricLimit()
    {
        using var runtime = TestRuntimes.Create(TestRuntimes.Builder().WithLimits(maxMetricStreams: 1).Build());
        using var recorder = new MeasurementRecorder(runtime.Meter);
        var handler = new MetricCommandHandler(runtime.Pipeline, runtime.Accounting);

        await handler.Handle(new RecordCounterCommand("kept", 1, default(TagList)), default);
        await handler.Handle(new RecordCounterCommand("refused", 1, default(TagList)), default);
        await handler.Handle(new RecordCounterCommand("refused", CounterHeadroom.LargeIncrement, default(TagList)), default);

        Assert.Equal(["kept"], recorder.Measurements.Select(m => m.Instrument.Name));
        var status = runtime.Metrics.Snapshot(enabled: true);
        Assert.Equal(1, status.Recorded);
        Assert.Equal(2, status.DroppedByReason[DropReason.MetricLimit.Value]);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _runtime.Dispose();
    }
}
