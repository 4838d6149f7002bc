using Mediator;
using TelemetryFlow.Application.Metrics.Commands.RecordMetric;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.Infrastructure.Metrics.Commands.RecordHistogram;

namespace TelemetryFlow.Infrastructure.Metrics.Commands.RecordMetric;

/// <summary>A generic measurement goes to a histogram: count, sum, min and max keep every reading's information.</summary>
internal sealed class RecordMetricCommandHandler : ICommandHandler<RecordMetricCommand>
{
    private readonly TelemetryRuntime _runtime;

    public RecordMetricCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<Unit> Handle(RecordMetricCommand command, CancellationToken cancellationToken)
    {
        RecordHistogramCommandHandler.Record(_runtime, command.Name, command.Value, command.Unit, command.Attributes);
        return default;
    }
}
