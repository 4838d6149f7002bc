using System.Runtime.CompilerServices;
using Mediator;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Metrics;

/// <summary>
/// Handles the four metric commands, each onto an OpenTelemetry instrument from the client's
/// <see cref="MetricInstruments"/> cache, and counts what it records or drops in the metrics statistics.
/// One class: the four differ only in the instrument they record to.
/// </summary>
internal sealed class MetricCommandHandler :
    ICommandHandler<RecordCounterCommand>,
    ICommandHandler<RecordGaugeCommand>,
    ICommandHandler<RecordHistogramCommand>,
    ICommandHandler<RecordMetricCommand>
{
    private readonly MetricInstruments _instruments;
    private readonly SignalStatistics _statistics;

    public MetricCommandHandler(TelemetryPipeline pipeline, ExportAccounting accounting)
    {
        _instruments = pipeline.Instruments;
        _statistics = accounting.Metrics;
    }

    /// <summary>Adds to a <c>Counter&lt;long&gt;</c>.</summary>
    public ValueTask<Unit> Handle(RecordCounterCommand command, CancellationToken cancellationToken)
    {
        // One unsigned comparison sends both negative increments and very large ones out of line, so guarding against
        // wrap-around costs the common call nothing more than the negative check it replaces.
        if ((ulong)command.Value >= CounterHeadroom.LargeIncrement)
        {
            HandleUnusual(command.Name, command.Value, command.Attributes);
            return default;
        }

        var counter = _instruments.Counter(command.Name);
        if (counter is null)
        {
            _statistics.RecordDropped(DropReason.MetricLimit);
            return default;
        }

        // The attributes are read through a local copy, and the command is never passed by reference: taking the
        // command's address (here or for the cold path) kept the whole command in memory through every inlined layer
        // of the dispatch, copied by a 32-byte load right after its fields were stored one by one, a store-forwarding
        // stall (docs/benchmarks.md, 2026-12-06).
        var attributes = command.Attributes;
        counter.Add(command.Value, in attributes.Tags);
        _statistics.AddRecorded();
        return default;
    }

    /// <summary>Records to a synchronous <c>Gauge&lt;double&gt;</c>: the last value per attribute set is exported, with no callbacks to leak.</summary>
    public ValueTask<Unit> Handle(RecordGaugeCommand command, CancellationToken cancellationToken)
    {
        // The client throws for this first; commands that reach here another way are dropped and counted.
        if (!double.IsFinite(command.Value))
        {
            _statistics.RecordDropped(DropReason.InvalidValue);
            return default;
        }

        var gauge = _instruments.Gauge(command.Name);
        if (gauge is null)
        {
            _statistics.RecordDropped(DropReason.MetricLimit);
            return default;
        }

        var attributes = command.Attributes;
        gauge.Record(command.Value, in attributes.Tags);
        _statistics.AddRecorded();
        return default;
    }

    /// <summary>Records into a <c>Histogram&lt;double&gt;</c>.</summary>
    public ValueTask<Unit> Handle(RecordHistogramCommand command, CancellationToken cancellationToken)
    {
        RecordHistogram(command.Name, command.Value, command.Unit, command.Attributes);
        return default;
    }

    /// <summary>A generic measurement goes to a histogram: count, sum, min and max keep every reading's information.</summary>
    public ValueTask<Unit> Handle(RecordMetricCommand command, CancellationToken cancellationToken)
    {
        RecordHistogram(command.Name, command.Value, command.Unit, command.Attributes);
        return default;
    }

    private void RecordHistogram(string name, double value, string? unit, MetricAttributes attributes)
    {
        // The client throws for this first; commands that reach here another way are dropped and counted.
        if (!double.IsFinite(value))
        {
            _statistics.RecordDropped(DropReason.InvalidValue);
            return;
        }

        var histogram = _instruments.Histogram(name, unit);
        if (histogram is null)
        {
            _statistics.RecordDropped(DropReason.MetricLimit);
            return;
        }

        histogram.Record(value, in attributes.Tags);
        _statistics.AddRecorded();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HandleUnusual(string name, long value, MetricAttributes attributes)
    {
        // The client throws for a negative increment first; commands that reach here another way are dropped and counted.
        if (value < 0)
        {
            _statistics.RecordDropped(DropReason.InvalidValue);
            return;
        }

        var counter = _instruments.Counter(name);
        if (counter is null)
        {
            _statistics.RecordDropped(DropReason.MetricLimit);
            return;
        }

        if (!_instruments.Headroom.TryAdmit(counter, value))
        {
            _statistics.RecordDropped(DropReason.ValueOutOfRange);
            return;
        }

        counter.Add(value, in attributes.Tags);
        _statistics.AddRecorded();
    }
}
