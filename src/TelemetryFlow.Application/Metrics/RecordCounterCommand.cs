using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Metrics;

/// <summary>Adds a non-negative amount to a monotonic counter.</summary>
/// <param name="Name">The instrument name.</param>
/// <param name="Value">The increment, never negative.</param>
/// <param name="Attributes">The measurement's attributes.</param>
internal readonly record struct RecordCounterCommand(string Name, long Value, MetricAttributes Attributes) : ICommand, ITelemetryDataCommand
{
    /// <inheritdoc />
    public static SignalType Signal => SignalType.Metrics;
}
