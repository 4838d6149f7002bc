using System.Diagnostics;
using OpenTelemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Safety;

/// <summary>
/// Runs before the export processor and applies the input limits and PII redaction to every ended
/// span the pipeline exports (the SDK's, the application's own sources, ASP.NET Core's request
/// span with the middleware's attributes): string attribute values and the status description.
/// Attributes beyond the per-span limit, and attributes whose key is too long or holds a control
/// character (<see cref="TelemetrySanitizer.AcceptsKey"/>), are removed; all are counted.
/// </summary>
/// <remarks>
/// A span with nothing to change costs one pass over its tags and allocates nothing; changes are
/// collected first and applied after the pass, since tags cannot change mid-enumeration.
/// Span event attributes are out of reach here: an <see cref="ActivityEvent"/> copies its tags into
/// a list nobody can change once the event is added. <see cref="ExceptionEventSanitizer"/>, owned by
/// this processor, covers the <c>exception</c> event as it is created.
/// </remarks>
internal sealed class ActivitySafetyProcessor : BaseProcessor<Activity>
{
    private readonly OwnedSources _ownSources;
    private readonly TelemetrySanitizer _sanitizer;
    private readonly SafetyStatistics _statistics;
    private readonly ExceptionEventSanitizer _exceptionEvents;

    /// <param name="ownSources">The sources this client owns by instance; spans of other instances with their names are skipped.</param>
    /// <param name="traceSources">The application's trace source names, whose exception events are sanitized too.</param>
    /// <param name="sanitizer">The limits and redaction to apply.</param>
    /// <param name="statistics">Where changes are counted.</param>
    public ActivitySafetyProcessor(IEnumerable<ActivitySource> ownSources, IEnumerable<string> traceSources, TelemetrySanitizer sanitizer, SafetyStatistics statistics)
    {
        _ownSources = new OwnedSources(ownSources);
        _sanitizer = sanitizer;
        _statistics = statistics;
        _exceptionEvents = new ExceptionEventSanitizer(_ownSources, traceSources, sanitizer, statistics);
    }

    public override void OnEnd(Activity data)
    {
        // Another client's spans (an owned source name, another instance) are that client's to sanitize and count.
        if (!data.Recorded || _ownSources.IsAnotherClients(data.Source))
        {
            return;
        }

        SanitizeTags(data);
        if (data.StatusDescription is { } description)
        {
            var clean = _sanitizer.Attribute(description, out var truncated);
            if (!ReferenceEquals(clean, description))
            {
                data.SetStatus(data.Status, clean);
                _statistics.AttributesTruncated(SignalType.Traces, truncated ? 1 : 0);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _exceptionEvents.Dispose();
        }

        base.Dispose(disposing);
    }

    private void SanitizeTags(Activity activity)
    {
        List<KeyValuePair<string, object?>>? changes = null;
        var (index, truncated, dropped, rejected) = (0, 0, 0, 0);
        foreach (ref readonly var tag in activity.EnumerateTagObjects())
        {
            if (!_sanitizer.AcceptsKey(tag.Key))
            {
                (changes ??= []).Add(new(tag.Key, null));
                rejected++;
            }
            else if (index++ >= _sanitizer.Limits.AttributeCount)
            {
                (changes ??= []).Add(new(tag.Key, null));
                dropped++;
            }
            else if (tag.Value is string text)
            {
                var clean = _sanitizer.Attribute(text, out var cut);
                if (!ReferenceEquals(clean, text))
                {
                    (changes ??= []).Add(new(tag.Key, clean));
                    truncated += cut ? 1 : 0;
                }
            }
        }

        if (changes is null)
        {
            return;
        }

        // SetTag replaces a value in place and removes the tag when the value is null.
        foreach (var (key, value) in changes)
        {
            activity.SetTag(key, value);
        }

        _statistics.AttributesTruncated(SignalType.Traces, truncated);
        _statistics.AttributesDropped(SignalType.Traces, dropped);
        _statistics.AttributeKeysRejected(SignalType.Traces, rejected);
    }
}
