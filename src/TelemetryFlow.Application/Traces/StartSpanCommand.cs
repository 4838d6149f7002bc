using System.Diagnostics;
using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Traces;

/// <summary>Starts a span that becomes <see cref="Activity.Current"/> in the caller's context.</summary>
/// <param name="Name">The span name.</param>
/// <param name="Kind">The span kind.</param>
/// <param name="Attributes">The span's initial attributes.</param>
/// <param name="ParentSpanId">The hex id of an open span to parent under; <see langword="null"/> parents under <see cref="Activity.Current"/>.</param>
/// <param name="Track">Whether to register the span so <c>EndSpan(spanId)</c> can find it; scopes from <c>Span()</c> do not need it.</param>
internal readonly record struct StartSpanCommand(string Name, SpanKind Kind, IEnumerable<KeyValuePair<string, object?>>? Attributes, string? ParentSpanId, bool Track) : ICommand<SpanHandle>, ITelemetryDataCommand
{
    /// <inheritdoc />
    public static SignalType Signal => SignalType.Traces;
}
