using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Metrics;

/// <summary>Sets a gauge to its current value; the last value per attribute set is exported.</summary>
/// <param name="Name">The instrument name.</param>
/// <param name="Value">The current value, finite.</param>
/// <param name="Attributes">The measurement's attributes.</param>
internal readonly record struct RecordGaugeCommand(string Name, double Value, MetricAttributes Attributes) : ICommand, ITelemetryDataCommand
{
    /// <inheritdoc />
    public static SignalType Signal => SignalType.Metrics;
}
