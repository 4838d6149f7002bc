using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Metrics;

/// <summary>Records a generic measurement. It is exported as a histogram, which keeps count, sum, min and max, so no information is lost whatever the measurement means.</summary>
/// <param name="Name">The instrument name.</param>
/// <param name="Value">The value, finite.</param>
/// <param name="Unit">The UCUM unit (for example <c>ms</c>, <c>By</c>), or <see langword="null"/>.</param>
/// <param name="Attributes">The measurement's attributes.</param>
internal readonly record struct RecordMetricCommand(string Name, double Value, string? Unit, MetricAttributes Attributes) : ICommand, ITelemetryDataCommand
{
    /// <inheritdoc />
    public static SignalType Signal => SignalType.Metrics;
}
