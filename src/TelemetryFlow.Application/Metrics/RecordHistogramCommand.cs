using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Metrics;

/// <summary>Records a value into a histogram, which exports its distribution (count, sum, min, max, buckets).</summary>
/// <param name="Name">The instrument name.</param>
/// <param name="Value">The value, finite.</param>
/// <param name="Unit">The UCUM unit (for example <c>ms</c>, <c>By</c>), or <see langword="null"/>.</param>
/// <param name="Attributes">The measurement's attributes.</param>
internal readonly record struct RecordHistogramCommand(string Name, double Value, string? Unit, MetricAttributes Attributes) : ICommand, ITelemetryDataCommand
{
    /// <inheritdoc />
    public static SignalType Signal => SignalType.Metrics;
}
