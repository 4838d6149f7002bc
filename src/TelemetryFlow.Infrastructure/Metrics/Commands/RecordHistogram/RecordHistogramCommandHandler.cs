using Mediator;
using TelemetryFlow.Application.Metrics.Commands.RecordHistogram;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Metrics.Commands.RecordHistogram;

internal sealed class RecordHistogramCommandHandler : ICommandHandler<RecordHistogramCommand>
{
    private readonly TelemetryRuntime _runtime;

    public RecordHistogramCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<Unit> Handle(RecordHistogramCommand command, CancellationToken cancellationToken)
    {
        _runtime.Instruments.Histogram(command.Name, command.Unit).Record(command.Value, command.Attributes);
        _runtime.Metrics.AddRecorded();
        return default;
    }
}
