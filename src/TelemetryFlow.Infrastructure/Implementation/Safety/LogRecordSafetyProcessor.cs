using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace TelemetryFlow.Infrastructure.Implementation.Safety;

/// <summary>
/// Runs before the batch processor and applies the input limits and PII redaction to every log
/// record, from the client and from the host's <c>ILogger</c> alike: the body (<see cref="LogRecord.Body"/>,
/// <see cref="LogRecord.FormattedMessage"/> and the <c>{OriginalFormat}</c> template, all limited to the
/// log body length) and string attribute values; attributes beyond the per-record limit, and attributes whose key is
/// too long or holds a control character, are dropped.
/// </summary>
/// <remarks>
/// The attribute list belongs to the caller (it is the logger's state), so it is never modified: a
/// record that needs a change gets a new list. A record with nothing to change allocates nothing.
/// An exception whose message (or stack trace, which repeats it) holds PII cannot be rewritten, so the
/// record drops it and carries the <c>exception.*</c> attributes the OTLP exporter would have written,
/// sanitized. Scope values are not rewritten.
/// </remarks>
internal sealed class LogRecordSafetyProcessor : BaseProcessor<LogRecord>
{
    private const string OriginalFormat = "{OriginalFormat}";
    private const string ExceptionType = "exception.type";
    private const string ExceptionMessage = "exception.message";
    private const string ExceptionStackTrace = "exception.stacktrace";

    private readonly TelemetrySanitizer _sanitizer;
    private readonly SafetyStatistics _statistics;

    public LogRecordSafetyProcessor(TelemetrySanitizer sanitizer, SafetyStatistics statistics)
    {
        _sanitizer = sanitizer;
        _statistics = statistics;
    }

    public override void OnEnd(LogRecord data)
    {
        var bodyTruncated = false;
        if (data.FormattedMessage is { } message && Changed(message, out var cleanMessage, ref bodyTruncated))
        {
            data.FormattedMessage = cleanMessage;
        }

        if (data.Body is { } body && Changed(body, out var cleanBody, ref bodyTruncated))
        {
            data.Body = cleanBody;
        }

        if (data.Attributes is { } attributes)
        {
            bodyTruncated |= SanitizeAttributes(data, attributes);
        }

        if (data.Exception is { } exception)
        {
            SanitizeException(data, exception);
        }

        if (bodyTruncated)
        {
            _statistics.LogBodyTruncated();
        }
    }

    private bool Changed(string body, out string clean, ref bool truncated)
    {
        clean = _sanitizer.Body(body, out var cut);
        truncated |= cut;
        return !ReferenceEquals(clean, body);
    }

    /// <summary>Returns whether the message template was truncated (it counts as the body).</summary>
    private bool SanitizeAttributes(LogRecord data, IReadOnlyList<KeyValuePair<string, object?>> attributes)
    {
        var count = attributes.Count;
        var limit = _sanitizer.Limits.AttributeCount;

        // Filled only once something changes: the attributes before the first change, then every one kept.
        List<KeyValuePair<string, object?>>? copy = null;
        var (kept, truncatedAttributes, rejectedKeys) = (0, 0, 0);
        var templateTruncated = false;
        for (var i = 0; i < count; i++)
        {
            var attribute = attributes[i];
            if (!_sanitizer.AcceptsKey(attribute.Key))
            {
                copy ??= Prefix(attributes, i);
                rejectedKeys++;
                continue;
            }

            if (kept == limit)
            {
                copy ??= Prefix(attributes, i);
                continue;
            }

            kept++;
            var clean = attribute.Value;
            if (attribute.Value is string text)
            {
                var isTemplate = string.Equals(attribute.Key, OriginalFormat, StringComparison.Ordinal);
                var cleanText = isTemplate ? _sanitizer.Body(text, out var truncated) : _sanitizer.Attribute(text, out truncated);
                if (!ReferenceEquals(cleanText, text))
                {
                    copy ??= Prefix(attributes, i);
                    clean = cleanText;
                    templateTruncated |= isTemplate && truncated;
                    truncatedAttributes += !isTemplate && truncated ? 1 : 0;
                }
            }

            copy?.Add(new(attribute.Key, clean));
        }

        if (copy is not null)
        {
            data.Attributes = copy;
            _statistics.AttributesTruncated(SignalType.Logs, truncatedAttributes);
            _statistics.AttributesDropped(SignalType.Logs, count - kept - rejectedKeys);
            _statistics.AttributeKeysRejected(SignalType.Logs, rejectedKeys);
        }

        return templateTruncated;
    }

    private void SanitizeException(LogRecord data, Exception exception)
    {
        var message = exception.Message;
        var cleanMessage = _sanitizer.Attribute(message, out var truncated);
        var stackTrace = _sanitizer.Redacts ? InvariantText(exception) : null;
        var cleanStackTrace = stackTrace is null ? null : _sanitizer.Redact(stackTrace);
        if (ReferenceEquals(cleanMessage, message) && ReferenceEquals(cleanStackTrace, stackTrace))
        {
            return;
        }

        // The same three attributes, under the same names and in the same form, as the OTLP exporter writes for an exception.
        var attributes = data.Attributes ?? [];
        var copy = new KeyValuePair<string, object?>[attributes.Count + 3];
        for (var i = 0; i < attributes.Count; i++)
        {
            copy[i] = attributes[i];
        }

        copy[^3] = new(ExceptionType, exception.GetType().Name);
        copy[^2] = new(ExceptionMessage, cleanMessage);
        copy[^1] = new(ExceptionStackTrace, cleanStackTrace ?? InvariantText(exception));
        data.Attributes = copy;
        data.Exception = null;
        _statistics.AttributesTruncated(SignalType.Logs, truncated ? 1 : 0);
    }

    /// <summary>The exception as the exporter renders it: <see cref="Exception.ToString"/> with invariant UI culture.</summary>
    private static string InvariantText(Exception exception)
    {
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return exception.ToString();
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static List<KeyValuePair<string, object?>> Prefix(IReadOnlyList<KeyValuePair<string, object?>> attributes, int length)
    {
        var copy = new List<KeyValuePair<string, object?>>(attributes.Count);
        for (var i = 0; i < length; i++)
        {
            copy.Add(attributes[i]);
        }

        return copy;
    }
}
