using Mediator;
using TelemetryFlow.Application.Metrics.Commands.RecordMetric;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Metrics.Commands.RecordMetric;

/// <summary>A generic measurement goes to a histogram: count, sum, min and max keep every reading's information.</summary>
internal sealed class RecordMetricCommandHandler : ICommandHandler<RecordMetricCommand>
{
    private readonly TelemetryRuntime _runtime;

    public RecordMetricCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<Unit> Handle(RecordMetricCommand command, CancellationToken cancellationToken)
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
