using Mediator;
using TelemetryFlow.Application.Metrics;
using TelemetryFlow.Application.Metrics.Commands.RecordHistogram;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Metrics.Commands.RecordHistogram;

internal sealed class RecordHistogramCommandHandler : ICommandHandler<RecordHistogramCommand>
{
    private readonly TelemetryRuntime _runtime;

    public RecordHistogramCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<Unit> Handle(RecordHistogramCommand command, CancellationToken cancellationToken)
    {
        Record(_runtime, command.Name, command.Value, command.Unit, command.Attributes);
        return default;
    }

    /// <summary>Records into a histogram; shared with <c>RecordMetric</c>, which is exported as a histogram.</summary>
    internal static void Record(TelemetryRuntime runtime, string name, double value, string? unit, MetricAttributes attributes)
    {
        // The client throws for this first; commands that reach here another way are dropped and counted.
        if (!double.IsFinite(value))
        {
            runtime.RecordDropped(SignalType.Metrics, SafetyStatistics.InvalidValue);
            return;
        }

        var histogram = runtime.Instruments.Histogram(name, unit);
        if (histogram is null)
        {
            runtime.RecordDropped(SignalType.Metrics, SignalStatistics.MetricLimit);
            return;
        }

        histogram.Record(value, in attributes.Tags);
        runtime.Metrics.AddRecorded();
    }
}
