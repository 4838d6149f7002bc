using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TelemetryFlow.Infrastructure.Implementation.Safety;

/// <summary>
/// Sanitizes the <c>exception</c> event that <see cref="Activity.AddException"/> records, which no
/// processor can change afterwards (an event's tags are frozen when it is added). .NET asks every
/// listener of the span's source for the event's tags first (<see cref="ActivityListener.ExceptionRecorder"/>);
/// supplying <c>exception.message</c> and <c>exception.stacktrace</c> there replaces the defaults.
/// The message gets the attribute rules (length limit, PII redaction); the stack trace, which starts
/// with the message, is redacted but not shortened.
/// </summary>
/// <remarks>
/// Listens to the sources this client owns (its own, its host's ASP.NET Core source) and the
/// application's configured trace sources. It makes no sampling decision, so it never causes a span
/// to be created.
/// </remarks>
internal sealed class ExceptionEventSanitizer : IDisposable
{
    private const string MessageTag = "exception.message";
    private const string StackTraceTag = "exception.stacktrace";

    private readonly OwnedSources _ownSources;
    private readonly TelemetrySanitizer _sanitizer;
    private readonly SafetyStatistics _statistics;
    private readonly ActivityListener _listener;

    public ExceptionEventSanitizer(OwnedSources ownSources, IEnumerable<string> traceSources, TelemetrySanitizer sanitizer, SafetyStatistics statistics)
    {
        _ownSources = ownSources;
        _sanitizer = sanitizer;
        _statistics = statistics;
        var patterns = traceSources.Select(ToRegex).ToArray();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => ownSources.Contains(source) || patterns.Any(p => p.IsMatch(source.Name)),
            ExceptionRecorder = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Activity activity, Exception exception, ref TagList tags)
    {
        if (!activity.Recorded || _ownSources.IsAnotherClients(activity.Source))
        {
            return;
        }

        // Set by the caller or by another client listening to the same source: theirs stands.
        if (Contains(tags, MessageTag))
        {
            return;
        }

        var message = exception.Message;
        var cleanMessage = _sanitizer.Attribute(message, out var truncated);
        if (!ReferenceEquals(cleanMessage, message))
        {
            tags.Add(MessageTag, cleanMessage);
            _statistics.AttributesTruncated(SignalType.Traces, truncated ? 1 : 0);
        }

        if (_sanitizer.Redacts && !Contains(tags, StackTraceTag))
        {
            var stackTrace = exception.ToString();
            var cleanStackTrace = _sanitizer.Redact(stackTrace);
            if (!ReferenceEquals(cleanStackTrace, stackTrace))
            {
                tags.Add(StackTraceTag, cleanStackTrace);
            }
        }
    }

    private static bool Contains(in TagList tags, string key)
    {
        foreach (var tag in tags)
        {
            if (string.Equals(tag.Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // The same wildcard rule as the tracer provider's AddSource: '*' matches anything, case-insensitive.
    private static Regex ToRegex(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
