using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;
using TelemetryFlow.Testing.Otlp.Trace.V1;

namespace TelemetryFlow.Testing.Internal.View;

/// <summary>
/// The view for machines: one JSON object per line, <c>"type"</c> first (<c>trace</c>, <c>metric</c> or <c>log</c>);
/// ids in lowercase hex, times in ISO 8601 UTC, durations in milliseconds.
/// </summary>
internal static class JsonLines
{
    public static string Trace(TraceGroup trace) => Write(writer =>
    {
        writer.WriteString("type", "trace");
        writer.WriteString("traceId", trace.TraceId);
        if (trace.Spans.Count > 0)
        {
            var (start, end) = (trace.Start, trace.End);
            writer.WriteNumber("durationMs", (end - start) / 1e6);
        }

        writer.WriteBoolean("rootReceived", trace.HasRoot);
        writer.WriteStartArray("spans");
        foreach (var span in trace.Spans.OrderBy(s => s.Span.StartTimeUnixNano))
        {
            writer.WriteStartObject();
            writer.WriteString("spanId", span.SpanIdHex);
            WriteOptional(writer, "parentSpanId", span.ParentSpanIdHex);
            writer.WriteString("name", span.Name);
            writer.WriteString("kind", span.Kind.ToString());
            WriteOptional(writer, "service", span.ServiceName);
            writer.WriteString("scope", span.ScopeName);
            WriteOptional(writer, "start", span.StartTime?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteNumber("durationMs", span.Duration.TotalMilliseconds);
            writer.WriteString("status", span.StatusCode switch
            {
                Status.Types.StatusCode.Error => "error",
                Status.Types.StatusCode.Ok => "ok",
                _ => "unset",
            });
            if (span.StatusMessage.Length > 0)
            {
                writer.WriteString("statusMessage", span.StatusMessage);
            }

            WriteAttributes(writer, "attributes", span.Attributes);
            writer.WriteStartArray("events");
            foreach (var e in span.Span.Events)
            {
                writer.WriteStartObject();
                writer.WriteString("name", e.Name);
                WriteOptional(writer, "time", OtlpValues.FromUnixNanos(e.TimeUnixNano)?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                WriteAttributes(writer, "attributes", OtlpValues.ToDictionary(e.Attributes));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("logs");
        foreach (var log in trace.Logs.OrderBy(l => l.Record.TimeUnixNano))
        {
            writer.WriteStartObject();
            WriteLogFields(writer, log);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static string Log(ReceivedLog log) => Write(writer =>
    {
        writer.WriteString("type", "log");
        WriteLogFields(writer, log);
    });

    public static string Metric(MetricStream stream) => Write(writer =>
    {
        var metric = stream.Metric;
        var point = stream.Point;
        writer.WriteString("type", "metric");
        writer.WriteString("name", metric.Name);
        writer.WriteString("kind", metric.Kind.ToString());
        writer.WriteString("temporality", metric.Temporality.ToString());
        writer.WriteString("unit", metric.Unit);
        WriteOptional(writer, "service", metric.ServiceName);
        writer.WriteString("scope", metric.ScopeName);
        WriteAttributes(writer, "attributes", point.Attributes);
        WriteOptional(writer, "time", point.Time?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        if (point.IntValue is { } integer)
        {
            writer.WriteNumber("value", integer);
        }
        else if (point.Value is { } value)
        {
            WriteDouble(writer, "value", value);
        }

        if (point.Count is { } count)
        {
            writer.WriteNumber("count", count);
        }

        WriteOptionalDouble(writer, "sum", point.Sum);
        WriteOptionalDouble(writer, "min", point.Min);
        WriteOptionalDouble(writer, "max", point.Max);
    });

    private static void WriteLogFields(Utf8JsonWriter writer, ReceivedLog log)
    {
        WriteOptional(writer, "time", (log.Timestamp ?? log.ObservedTimestamp)?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("severity", ViewText.Severity(log));
        writer.WriteNumber("severityNumber", log.SeverityNumber);
        WriteOptional(writer, "body", log.BodyText);
        WriteOptional(writer, "traceId", log.TraceIdHex);
        WriteOptional(writer, "spanId", log.SpanIdHex);
        WriteOptional(writer, "service", log.ServiceName);
        writer.WriteString("scope", log.ScopeName);
        WriteAttributes(writer, "attributes", log.Attributes);
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptionalDouble(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            WriteDouble(writer, name, number);
        }
    }

    // JSON has no NaN or infinity; a string keeps the line valid.
    private static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void WriteAttributes(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, object?> attributes)
    {
        writer.WritePropertyName(name);
        WriteAttributesValue(writer, attributes);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long integer:
                writer.WriteNumberValue(integer);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case byte[] bytes:
                writer.WriteStringValue(Convert.ToHexStringLower(bytes));
                break;
            case IReadOnlyDictionary<string, object?> map:
                WriteAttributesValue(writer, map);
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(OtlpValues.Format(value, quoteStrings: false));
                break;
        }
    }

    private static void WriteAttributesValue(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> map)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in map)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }
}
