using Mediator;
using TelemetryFlow.Application.Metrics.Commands.RecordGauge;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Metrics.Commands.RecordGauge;

/// <summary>Records to a synchronous <c>Gauge&lt;double&gt;</c>: the last value per attribute set is exported, with no callbacks to leak.</summary>
internal sealed class RecordGaugeCommandHandler : ICommandHandler<RecordGaugeCommand>
{
    private readonly TelemetryRuntime _runtime;

    public RecordGaugeCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<Unit> Handle(RecordGaugeCommand command, CancellationToken cancellationToken)
    {
        // The client throws for this first; commands that reach here another way are dropped and counted.
        if (!double.IsFinite(command.Value))
        {
            _runtime.RecordDropped(SignalType.Metrics, SafetyStatistics.InvalidValue);
            return default;
        }

        var gauge = _runtime.Instruments.Gauge(command.Name);
        if (gauge is null)
        {
            _runtime.RecordDropped(SignalType.Metrics, SignalStatistics.MetricLimit);
            return default;
        }

        gauge.Record(command.Value, in command.Attributes.Tags);
        _runtime.Metrics.AddRecorded();
        return default;
    }
}
