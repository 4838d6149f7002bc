using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace TelemetryFlow.Testing.Internal;

/// <summary>
/// OTLP/JSON bodies (<c>application/json</c>): the protobuf JSON mapping, except that trace and span ids are hex
/// strings rather than base64, enums are numbers, and unknown fields are ignored (OTLP specification, "JSON Protobuf
/// Encoding"). The ids are rewritten to base64 first, so Google.Protobuf's parser reads the rest.
/// </summary>
internal static class OtlpJson
{
    public const string ContentType = "application/json";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private static readonly HashSet<string> IdFields = new(StringComparer.Ordinal) { "traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id" };

    /// <exception cref="InvalidDataException">The body is not JSON, or not a message of that type.</exception>
    /// <exception cref="InvalidProtocolBufferException">The body does not fit the message type.</exception>
    public static IMessage Decode(MessageDescriptor descriptor, ReadOnlySequence<byte> body)
    {
        JsonNode? root;
        try
        {
            var reader = new Utf8JsonReader(body);
            root = JsonNode.Parse(ref reader);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Body is not JSON: {ex.Message}", ex);
        }

        RewriteIds(root);
        try
        {
            return Parser.Parse(root?.ToJsonString() ?? "{}", descriptor);
        }
        catch (InvalidJsonException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private static void RewriteIds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (IdFields.Contains(name) && value is JsonValue id && id.TryGetValue<string>(out var hex))
                    {
                        obj[name] = ToBase64(hex);
                    }
                    else if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.ToJsonString() is { Length: > 15 } digits
                        && !digits.AsSpan().ContainsAny(".eE"))
                    {
                        // Google.Protobuf reads a JSON number through a double, which rounds nanosecond timestamps;
                        // as a string (which OTLP/JSON also allows for 64-bit integers) it is read exactly.
                        obj[name] = digits;
                    }
                    else
                    {
                        RewriteIds(value);
                    }
                }

                break;

            case JsonArray array:
                foreach (var item in array)
                {
                    RewriteIds(item);
                }

                break;
        }
    }

    private static string ToBase64(string hex)
    {
        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"'{hex}' is not a hex trace or span id.");
        }
    }
}
