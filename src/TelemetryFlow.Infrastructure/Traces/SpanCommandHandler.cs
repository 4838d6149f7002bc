using System.Diagnostics;
using Mediator;
using TelemetryFlow.Application.Traces;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Traces;

/// <summary>
/// Handles the span commands on the client's <see cref="ActivitySource"/> and its registry of open spans.
/// Starting a span sets <see cref="Activity.Current"/>; every handler here is synchronous (it returns a completed
/// ValueTask), so that value flows back to the caller.
/// </summary>
internal sealed class SpanCommandHandler :
    ICommandHandler<StartSpanCommand, SpanHandle>,
    ICommandHandler<EndSpanCommand, bool>,
    ICommandHandler<AddSpanEventCommand, bool>
{
    private readonly ActivitySource _source;
    private readonly SpanRegistry _spans;
    private readonly TelemetrySanitizer _sanitizer;
    private readonly SafetyStatistics _safety;

    public SpanCommandHandler(TelemetryPipeline pipeline)
    {
        _source = pipeline.ActivitySource;
        _spans = pipeline.Spans;
        _sanitizer = pipeline.Sanitizer;
        _safety = pipeline.Safety;
    }

    public ValueTask<SpanHandle> Handle(StartSpanCommand command, CancellationToken cancellationToken)
    {
        var parent = command.ParentSpanId is not null && _spans.TryGet(command.ParentSpanId, out var parentActivity)
            ? parentActivity.Context
            : default;

        var activity = _source.StartActivity(command.Name, ToActivityKind(command.Kind), parent, command.Attributes);
        if (!command.Track)
        {
            return new ValueTask<SpanHandle>(new SpanHandle(activity, SpanRegistry.Untracked));
        }

        if (activity is not null)
        {
            _spans.Track(activity);
        }

        return new ValueTask<SpanHandle>(new SpanHandle(activity, _spans));
    }

    public ValueTask<bool> Handle(EndSpanCommand command, CancellationToken cancellationToken) =>
        new(_spans.EndById(command.SpanId, command.Exception));

    public ValueTask<bool> Handle(AddSpanEventCommand command, CancellationToken cancellationToken)
    {
        // Looked up first so that an event for a span that is not open counts nothing; added under the registry's lock,
        // so it cannot race the span's end on another thread.
        if (!_spans.TryGet(command.SpanId, out _))
        {
            return new ValueTask<bool>(false);
        }

        return new ValueTask<bool>(_spans.AddEvent(command.SpanId, new ActivityEvent(command.Name, tags: Sanitize(command.Attributes))));
    }

    // SpanKind is numbered as ActivityKind (a unit test holds each pair), so the mapping is a range check and a cast:
    // the switch it replaced was a call on every span.
    internal static ActivityKind ToActivityKind(SpanKind kind) =>
        (uint)kind <= (uint)SpanKind.Consumer ? (ActivityKind)(int)kind : ActivityKind.Internal;

    /// <summary>
    /// Applies the limits and PII redaction here: an event's attributes cannot be changed once it is
    /// added, so the span processor that sanitizes span attributes cannot reach them.
    /// </summary>
    private ActivityTagsCollection? Sanitize(IEnumerable<KeyValuePair<string, object?>>? attributes)
    {
        if (attributes is null)
        {
            return null;
        }

        var tags = new ActivityTagsCollection();
        int truncated = 0, dropped = 0, rejected = 0;
        foreach (var (key, value) in attributes)
        {
            if (!_sanitizer.AcceptsKey(key))
            {
                rejected++;
                continue;
            }

            if (tags.Count >= _sanitizer.Limits.AttributeCount)
            {
                dropped++;
                continue;
            }

            if (value is string text)
            {
                tags[key] = _sanitizer.Attribute(text, out var wasTruncated);
                truncated += wasTruncated ? 1 : 0;
            }
            else
            {
                tags[key] = value;
            }
        }

        if (truncated > 0)
        {
            _safety.AttributesTruncated(SignalType.Traces, truncated);
        }

        if (dropped > 0)
        {
            _safety.AttributesDropped(SignalType.Traces, dropped);
        }

        _safety.AttributeKeysRejected(SignalType.Traces, rejected);
        return tags;
    }
}
