using System.Diagnostics;
using Mediator;
using TelemetryFlow.Application.Traces.Commands.AddSpanEvent;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Traces.Commands.AddSpanEvent;

internal sealed class AddSpanEventCommandHandler : ICommandHandler<AddSpanEventCommand, bool>
{
    private readonly TelemetryRuntime _runtime;

    public AddSpanEventCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<bool> Handle(AddSpanEventCommand command, CancellationToken cancellationToken)
    {
        if (!_runtime.Spans.TryGet(command.SpanId, out var activity))
        {
            return new ValueTask<bool>(false);
        }

        activity.AddEvent(new ActivityEvent(command.Name, tags: Sanitize(command.Attributes)));
        return new ValueTask<bool>(true);
    }

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

        var sanitizer = _runtime.Sanitizer;
        var tags = new ActivityTagsCollection();
        int truncated = 0, dropped = 0, rejected = 0;
        foreach (var (key, value) in attributes)
        {
            if (!sanitizer.AcceptsKey(key))
            {
                rejected++;
                continue;
            }

            if (tags.Count >= sanitizer.Limits.AttributeCount)
            {
                dropped++;
                continue;
            }

            if (value is string text)
            {
                tags[key] = sanitizer.Attribute(text, out var wasTruncated);
                truncated += wasTruncated ? 1 : 0;
            }
            else
            {
                tags[key] = value;
            }
        }

        if (truncated > 0)
        {
            _runtime.Safety.AttributesTruncated(SignalType.Traces, truncated);
        }

        if (dropped > 0)
        {
            _runtime.Safety.AttributesDropped(SignalType.Traces, dropped);
        }

        _runtime.Safety.AttributeKeysRejected(SignalType.Traces, rejected);
        return tags;
    }
}
