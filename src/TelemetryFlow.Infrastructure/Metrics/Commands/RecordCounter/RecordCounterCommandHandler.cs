using System.Runtime.CompilerServices;
using Mediator;
using TelemetryFlow.Application.Metrics.Commands.RecordCounter;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Metrics.Commands.RecordCounter;

internal sealed class RecordCounterCommandHandler : ICommandHandler<RecordCounterCommand>
{
    private readonly TelemetryRuntime _runtime;

    public RecordCounterCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<Unit> Handle(RecordCounterCommand command, CancellationToken cancellationToken)
    {
        // One unsigned comparison sends both negative increments and very large ones out of line, so guarding against
        // wrap-around costs the common call nothing more than the negative check it replaces.
        if ((ulong)command.Value >= CounterHeadroom.LargeIncrement)
        {
            HandleUnusual(command);
            return default;
        }

        var counter = _runtime.Instruments.Counter(command.Name);
        if (counter is null)
        {
            _runtime.RecordDropped(SignalType.Metrics, SignalStatistics.MetricLimit);
            return default;
        }

        counter.Add(command.Value, in command.Attributes.Tags);
        _runtime.Metrics.AddRecorded();
        return default;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HandleUnusual(in RecordCounterCommand command)
    {
        // The client throws for a negative increment first; commands that reach here another way are dropped and counted.
        if (command.Value < 0)
        {
            _runtime.RecordDropped(SignalType.Metrics, SafetyStatistics.InvalidValue);
            return;
        }

        var counter = _runtime.Instruments.Counter(command.Name);
        if (counter is null)
        {
            _runtime.RecordDropped(SignalType.Metrics, SignalStatistics.MetricLimit);
            return;
        }

        if (!_runtime.Instruments.Headroom.TryAdmit(counter, command.Value))
        {
            _runtime.RecordDropped(SignalType.Metrics, SignalStatistics.ValueOutOfRange);
            return;
        }

        counter.Add(command.Value, in command.Attributes.Tags);
        _runtime.Metrics.AddRecorded();
    }
}
