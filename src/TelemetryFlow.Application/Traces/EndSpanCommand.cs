using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Traces;

/// <summary>Ends an open span by its hex id; returns whether the span was open.</summary>
/// <param name="SpanId">The span's hex id.</param>
/// <param name="Exception">When set, the span gets status Error and an <c>exception</c> event.</param>
internal readonly record struct EndSpanCommand(string SpanId, Exception? Exception) : ICommand<bool>, ITelemetryDataCommand
{
    /// <inheritdoc />
    public static SignalType Signal => SignalType.Traces;

    /// <inheritdoc />
    public static bool IsRateLimited => false;
}
