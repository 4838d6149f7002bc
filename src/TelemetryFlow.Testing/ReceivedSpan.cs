using TelemetryFlow.Testing.Internal;
using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Resource.V1;
using TelemetryFlow.Testing.Otlp.Trace.V1;

namespace TelemetryFlow.Testing;

/// <summary>An accepted span together with the resource and instrumentation scope it was reported under.</summary>
public sealed class ReceivedSpan
{
    private readonly TelemetryOrigin _origin;

    internal ReceivedSpan(Span span, TelemetryOrigin origin)
    {
        Span = span;
        _origin = origin;
        Attributes = OtlpValues.ToDictionary(span.Attributes);
    }

    /// <summary>The raw OTLP span.</summary>
    public Span Span { get; }

    /// <summary>The raw OTLP resource (empty when the exporter sent none).</summary>
    public Resource Resource => _origin.Resource;

    /// <summary>The raw OTLP instrumentation scope (empty when the exporter sent none).</summary>
    public InstrumentationScope Scope => _origin.Scope;

    /// <summary>The request that delivered this span.</summary>
    public ReceivedRequest Request => _origin.Request;

    /// <summary>The span name.</summary>
    public string Name => Span.Name;

    /// <summary>The span kind.</summary>
    public Span.Types.SpanKind Kind => Span.Kind;

    /// <summary>The trace id as 32 lowercase hex characters.</summary>
    public string TraceIdHex => OtlpValues.ToHex(Span.TraceId);

    /// <summary>The span id as 16 lowercase hex characters.</summary>
    public string SpanIdHex => OtlpValues.ToHex(Span.SpanId);

    /// <summary>The parent span id as lowercase hex; <see langword="null"/> for a root span.</summary>
    public string? ParentSpanIdHex => Span.ParentSpanId.IsEmpty ? null : OtlpValues.ToHex(Span.ParentSpanId);

    /// <summary>Whether the span has no parent.</summary>
    public bool IsRoot => Span.ParentSpanId.IsEmpty;

    /// <summary>Span attributes converted with <see cref="OtlpValues.ToObject"/>.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <summary>Resource attributes converted with <see cref="OtlpValues.ToObject"/>.</summary>
    public IReadOnlyDictionary<string, object?> ResourceAttributes => _origin.ResourceAttributes;

    /// <summary>The <c>service.name</c> resource attribute, if any.</summary>
    public string? ServiceName => _origin.ServiceName;

    /// <summary>The instrumentation scope name (for .NET: the <c>ActivitySource</c> name).</summary>
    public string ScopeName => Scope.Name;

    /// <summary>The instrumentation scope version.</summary>
    public string ScopeVersion => Scope.Version;

    /// <summary>The status code (Unset, Ok, Error).</summary>
    public Status.Types.StatusCode StatusCode => Span.Status?.Code ?? Status.Types.StatusCode.Unset;

    /// <summary>The status description; empty when none.</summary>
    public string StatusMessage => Span.Status?.Message ?? string.Empty;

    /// <summary>The names of the span events, in order.</summary>
    public IReadOnlyList<string> EventNames => Span.Events.Select(e => e.Name).ToArray();

    /// <summary>The start time; <see langword="null"/> when unset.</summary>
    public DateTimeOffset? StartTime => OtlpValues.FromUnixNanos(Span.StartTimeUnixNano);

    /// <summary>The end time; <see langword="null"/> when unset.</summary>
    public DateTimeOffset? EndTime => OtlpValues.FromUnixNanos(Span.EndTimeUnixNano);

    /// <summary>End minus start, with nanosecond precision truncated to ticks.</summary>
    public TimeSpan Duration => Span.EndTimeUnixNano >= Span.StartTimeUnixNano
        ? TimeSpan.FromTicks((long)((Span.EndTimeUnixNano - Span.StartTimeUnixNano) / 100))
        : TimeSpan.Zero;

    /// <summary>Converts the attributes of one span event.</summary>
    /// <param name="eventName">The event name; the first event with that name is used.</param>
    /// <returns>The event attributes, or <see langword="null"/> when the span has no such event.</returns>
    public IReadOnlyDictionary<string, object?>? EventAttributes(string eventName)
    {
        var match = Span.Events.FirstOrDefault(e => string.Equals(e.Name, eventName, StringComparison.Ordinal));
        return match is null ? null : OtlpValues.ToDictionary(match.Attributes);
    }

    /// <inheritdoc />
    public override string ToString() => OtlpSummary.Describe(this);
}
