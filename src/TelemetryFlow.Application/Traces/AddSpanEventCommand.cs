using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Traces;

/// <summary>Adds an event to an open span; returns whether the span was open.</summary>
/// <param name="SpanId">The span's hex id.</param>
/// <param name="Name">The event name.</param>
/// <param name="Attributes">The event's attributes.</param>
internal readonly record struct AddSpanEventCommand(string SpanId, string Name, IEnumerable<KeyValuePair<string, object?>>? Attributes) : ICommand<bool>, ITelemetryDataCommand
{
    /// <inheritdoc />
    public static SignalType Signal => SignalType.Traces;
}
