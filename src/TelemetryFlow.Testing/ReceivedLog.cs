using TelemetryFlow.Testing.Internal;
using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Logs.V1;
using TelemetryFlow.Testing.Otlp.Resource.V1;

namespace TelemetryFlow.Testing;

/// <summary>An accepted log record together with the resource and instrumentation scope it was reported under.</summary>
public sealed class ReceivedLog
{
    private readonly TelemetryOrigin _origin;

    internal ReceivedLog(LogRecord record, TelemetryOrigin origin)
    {
        Record = record;
        _origin = origin;
        Attributes = OtlpValues.ToDictionary(record.Attributes);
        Body = OtlpValues.ToObject(record.Body);
    }

    /// <summary>The raw OTLP log record.</summary>
    public LogRecord Record { get; }

    /// <summary>The raw OTLP resource (empty when the exporter sent none).</summary>
    public Resource Resource => _origin.Resource;

    /// <summary>The raw OTLP instrumentation scope (for .NET <c>ILogger</c>: the category name).</summary>
    public InstrumentationScope Scope => _origin.Scope;

    /// <summary>The request that delivered this record.</summary>
    public ReceivedRequest Request => _origin.Request;

    /// <summary>The body converted with <see cref="OtlpValues.ToObject"/>.</summary>
    public object? Body { get; }

    /// <summary>
    /// The body as text: string bodies as-is, other bodies formatted; <see langword="null"/> when there is no body.
    /// </summary>
    public string? BodyText => Body switch
    {
        null => null,
        string text => text,
        var other => OtlpValues.Format(other),
    };

    /// <summary>The OTLP severity number (1-24; 9 = INFO, 13 = WARN, 17 = ERROR; 0 = unspecified).</summary>
    public int SeverityNumber => (int)Record.SeverityNumber;

    /// <summary>The severity text as sent by the exporter (may be empty).</summary>
    public string SeverityText => Record.SeverityText;

    /// <summary>The trace id as lowercase hex; <see langword="null"/> when the record is not correlated to a trace.</summary>
    public string? TraceIdHex => Record.TraceId.IsEmpty ? null : OtlpValues.ToHex(Record.TraceId);

    /// <summary>The span id as lowercase hex; <see langword="null"/> when the record is not correlated to a span.</summary>
    public string? SpanIdHex => Record.SpanId.IsEmpty ? null : OtlpValues.ToHex(Record.SpanId);

    /// <summary>The event name; empty for ordinary log records.</summary>
    public string EventName => Record.EventName;

    /// <summary>When the event happened; <see langword="null"/> when unset.</summary>
    public DateTimeOffset? Timestamp => OtlpValues.FromUnixNanos(Record.TimeUnixNano);

    /// <summary>When the SDK observed the event; <see langword="null"/> when unset.</summary>
    public DateTimeOffset? ObservedTimestamp => OtlpValues.FromUnixNanos(Record.ObservedTimeUnixNano);

    /// <summary>Log attributes converted with <see cref="OtlpValues.ToObject"/>.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <summary>Resource attributes converted with <see cref="OtlpValues.ToObject"/>.</summary>
    public IReadOnlyDictionary<string, object?> ResourceAttributes => _origin.ResourceAttributes;

    /// <summary>The <c>service.name</c> resource attribute, if any.</summary>
    public string? ServiceName => _origin.ServiceName;

    /// <summary>The instrumentation scope name.</summary>
    public string ScopeName => Scope.Name;

    /// <inheritdoc />
    public override string ToString() => OtlpSummary.Describe(this);
}
