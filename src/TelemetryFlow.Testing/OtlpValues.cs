using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using TelemetryFlow.Testing.Otlp.Common.V1;

namespace TelemetryFlow.Testing;

/// <summary>Conversions from OTLP wire types to plain CLR values for assertions.</summary>
public static class OtlpValues
{
    /// <summary>
    /// Converts an <see cref="AnyValue"/> to <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>,
    /// <see cref="double"/>, <c>byte[]</c>, <c>IReadOnlyList&lt;object?&gt;</c> (arrays) or
    /// <c>IReadOnlyDictionary&lt;string, object?&gt;</c> (key/value lists); <see langword="null"/> when empty.
    /// </summary>
    /// <param name="value">The OTLP value.</param>
    /// <returns>The CLR value.</returns>
    public static object? ToObject(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToByteArray(),
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Select(ToObject).ToArray(),
        AnyValue.ValueOneofCase.KvlistValue => ToDictionary(value.KvlistValue.Values),
        _ => null,
    };

    /// <summary>
    /// Converts attributes to a dictionary of CLR values (see <see cref="ToObject"/>), keeping their order.
    /// A key repeated on the wire (invalid OTLP) keeps its last value.
    /// </summary>
    /// <param name="attributes">The OTLP attributes.</param>
    /// <returns>An ordinal, case-sensitive dictionary.</returns>
    public static IReadOnlyDictionary<string, object?> ToDictionary(IEnumerable<KeyValue> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = ToObject(attribute.Value);
        }

        return result;
    }

    /// <summary>Formats a trace or span id as lowercase hex; empty when the id is empty.</summary>
    /// <param name="id">The id bytes.</param>
    /// <returns>Lowercase hex.</returns>
    public static string ToHex(ByteString id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.IsEmpty ? string.Empty : Convert.ToHexStringLower(id.Span);
    }

    /// <summary>Converts OTLP nanoseconds since the Unix epoch; <see langword="null"/> for 0 (unset).</summary>
    /// <param name="unixNanos">Nanoseconds since 1970-01-01 UTC.</param>
    /// <returns>The instant, truncated to 100 ns ticks.</returns>
    public static DateTimeOffset? FromUnixNanos(ulong unixNanos) =>
        unixNanos == 0 ? null : DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    /// <summary>Formats a converted value for humans: strings quoted, numbers invariant, lists and maps expanded.</summary>
    internal static string Format(object? value, bool quoteStrings = true) => value switch
    {
        null => "null",
        string text => quoteStrings ? $"\"{text}\"" : text,
        bool flag => flag ? "true" : "false",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
        IReadOnlyDictionary<string, object?> map => FormatAttributes(map),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(item => Format(item))) + "]",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Formats attributes as <c>{key="text", count=3}</c>; empty string when there are none.</summary>
    internal static string FormatAttributes(IReadOnlyDictionary<string, object?> attributes)
    {
        if (attributes.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder("{");
        foreach (var (key, value) in attributes)
        {
            if (builder.Length > 1)
            {
                builder.Append(", ");
            }

            builder.Append(key).Append('=').Append(Format(value));
        }

        return builder.Append('}').ToString();
    }
}
