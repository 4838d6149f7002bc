using Mediator;
using TelemetryFlow.Application.Metrics.Commands.RecordCounter;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Metrics.Commands.RecordCounter;

internal sealed class RecordCounterCommandHandler : ICommandHandler<RecordCounterCommand>
{
    private readonly TelemetryRuntime _runtime;

    public RecordCounterCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<Unit> Handle(RecordCounterCommand command, CancellationToken cancellationToken)
    {
        // The client throws for this first; commands that reach here another way are dropped and counted.
        if (command.Value < 0)
        {
            _runtime.RecordDropped(SignalType.Metrics, SafetyStatistics.InvalidValue);
            return default;
        }

        _runtime.Instruments.Counter(command.Name).Add(command.Value, in command.Attributes.Tags);
        _runtime.Metrics.AddRecorded();
        return default;
    }
}
