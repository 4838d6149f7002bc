using Mediator;
using TelemetryFlow.Application.Metrics.Commands.RecordHistogram;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Metrics.Commands.RecordHistogram;

internal sealed class RecordHistogramCommandHandler : ICommandHandler<RecordHistogramCommand>
{
    private readonly TelemetryRuntime _runtime;

    public RecordHistogramCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<Unit> Handle(RecordHistogramCommand command, CancellationToken cancellationToken)
    {
        // The client throws for this first; commands that reach here another way are dropped and counted.
        if (!double.IsFinite(command.Value))
        {
            _runtime.RecordDropped(SignalType.Metrics, SafetyStatistics.InvalidValue);
            return default;
        }

        _runtime.Instruments.Histogram(command.Name, command.Unit).Record(command.Value, in command.Attributes.Tags);
        _runtime.Metrics.AddRecorded();
        return default;
    }
}
