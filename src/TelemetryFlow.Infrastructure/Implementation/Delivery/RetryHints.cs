using System.Globalization;
using System.Text;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// Reads the backend's own "retry later" hints: HTTP <c>Retry-After</c> (seconds or an HTTP date), gRPC
/// <c>grpc-retry-pushback-ms</c>, and the <c>google.rpc.RetryInfo</c> detail of a <c>google.rpc.Status</c> in
/// <c>grpc-status-details-bin</c>. A negative hint means the backend asked not to retry at all.
/// </summary>
internal static class RetryHints
{
    public const string PushbackHeader = "grpc-retry-pushback-ms";
    public const string StatusDetailsHeader = "grpc-status-details-bin";
    public const string RetryInfoTypeUrl = "type.googleapis.com/google.rpc.RetryInfo";

    /// <summary>Hints beyond this are treated as this; the retry policy gives up long before anyway.</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    // IMF-fixdate, then the two obsolete forms RFC 9110 still asks recipients to accept.
    private static readonly string[] HttpDateFormats = ["r", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy"];

    /// <summary>The hint carried by a failed response, or <see langword="null"/> when it has none.</summary>
    public static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now)
    {
        if (!response.IsSuccessStatusCode)
        {
            return response.Headers.NonValidated.TryGetValues("Retry-After", out var values)
                ? ParseRetryAfter(values.ToString(), now)
                : null;
        }

        var pushback = ParsePushback(ExportFailureClassifier.GrpcHeader(response, PushbackHeader));
        if (pushback < TimeSpan.Zero)
        {
            return pushback;
        }

        var retryInfo = ParseStatusDetails(ExportFailureClassifier.GrpcHeader(response, StatusDetailsHeader));
        return (pushback, retryInfo) switch
        {
            ({ } a, { } b) => a > b ? a : b,
            _ => pushback ?? retryInfo,
        };
    }

    /// <summary>Parses <c>Retry-After</c>: delay-seconds or an HTTP date (a date in the past means now).</summary>
    /// <summary>Whether a gRPC answer carries a retry hint: a pushback header or a <c>RetryInfo</c> status detail.</summary>
    public static bool HasGrpcHint(HttpResponseMessage response) =>
        ParsePushback(ExportFailureClassifier.GrpcHeader(response, PushbackHeader)) is not null
        || ParseStatusDetails(ExportFailureClassifier.GrpcHeader(response, StatusDetailsHeader)) is not null;

    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= Longest.TotalSeconds ? Longest : TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(text, HttpDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date))
        {
            var wait = date - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > Longest ? Longest : wait;
        }

        return null;
    }

    /// <summary>Parses <c>grpc-retry-pushback-ms</c>; negative means "do not retry", garbage means no hint.</summary>
    public static TimeSpan? ParsePushback(string? value)
    {
        if (!long.TryParse(value?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return null;
        }

        return milliseconds >= Longest.TotalMilliseconds ? Longest : TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>Decodes <c>grpc-status-details-bin</c> (base64, padding optional) and reads its RetryInfo delay.</summary>
    public static TimeSpan? ParseStatusDetails(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var text = base64.Trim();
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var bytes = new byte[text.Length * 3 / 4];
        return Convert.TryFromBase64String(text, bytes, out var written) ? ParseRetryInfo(bytes.AsSpan(0, written)) : null;
    }

    /// <summary>
    /// Reads <c>google.rpc.Status.details</c> (field 3, repeated <c>Any</c>) for a RetryInfo and returns its
    /// <c>retry_delay</c> (field 1, a <c>google.protobuf.Duration</c>).
    /// </summary>
    public static TimeSpan? ParseRetryInfo(ReadOnlySpan<byte> status)
    {
        var reader = new ProtobufWireReader(status);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadField(out var field, out var wireType, out _, out var any))
            {
                return null;
            }

            if (field == 3 && wireType == ProtobufWireReader.LengthDelimited && ReadRetryDelayFromAny(any) is { } delay)
            {
                return delay;
            }
        }

        return null;
    }

    // Any { string type_url = 1; bytes value = 2; }, holding RetryInfo { Duration retry_delay = 1; }.
    private static TimeSpan? ReadRetryDelayFromAny(ReadOnlySpan<byte> any)
    {
        var typeUrl = ReadOnlySpan<byte>.Empty;
        var value = ReadOnlySpan<byte>.Empty;
        var reader = new ProtobufWireReader(any);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadField(out var field, out var wireType, out _, out var bytes))
            {
                return null;
            }

            if (wireType == ProtobufWireReader.LengthDelimited)
            {
                typeUrl = field == 1 ? bytes : typeUrl;
                value = field == 2 ? bytes : value;
            }
        }

        if (Encoding.UTF8.GetString(typeUrl) != RetryInfoTypeUrl)
        {
            return null;
        }

        reader = new ProtobufWireReader(value);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadField(out var field, out var wireType, out _, out var duration))
            {
                return null;
            }

            if (field == 1 && wireType == ProtobufWireReader.LengthDelimited)
            {
                return ReadDuration(duration);
            }
        }

        return null;
    }

    // Duration { int64 seconds = 1; int32 nanos = 2; }: two's complement varints, a negative value sign-extended to 64 bits.
    private static TimeSpan? ReadDuration(ReadOnlySpan<byte> duration)
    {
        long seconds = 0;
        long nanos = 0;
        var reader = new ProtobufWireReader(duration);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var number, out _))
            {
                return null;
            }

            if (wireType == ProtobufWireReader.Varint)
            {
                seconds = field == 1 ? unchecked((long)number) : seconds;
                nanos = field == 2 ? unchecked((int)(long)number) : nanos;
            }
        }

        if (seconds < 0 || nanos < 0)
        {
            return null;
        }

        return seconds >= Longest.TotalSeconds ? Longest : TimeSpan.FromSeconds(seconds) + TimeSpan.FromTicks(nanos / 100);
    }
}
