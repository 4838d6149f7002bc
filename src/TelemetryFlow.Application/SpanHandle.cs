using System.Diagnostics;
using TelemetryFlow.Application.Traces;

namespace TelemetryFlow;

/// <summary>
/// A span started by the SDK. Disposing it ends the span, so <c>using var span = client.Span("work");</c>
/// scopes a span to a block. A struct: starting and ending a span through it allocates nothing
/// beyond the underlying <see cref="System.Diagnostics.Activity"/>.
/// </summary>
/// <remarks>
/// When the span was not sampled, the handle is empty: ids are all zeros and every method does nothing.
/// Ending a span twice is harmless.
/// </remarks>
public readonly struct SpanHandle : IDisposable, IEquatable<SpanHandle>
{
    private const string EmptySpanId = "0000000000000000";
    private const string EmptyTraceId = "00000000000000000000000000000000";

    private readonly Activity? _activity;
    private readonly ISpanOwner? _owner;

    internal SpanHandle(Activity? activity, ISpanOwner? owner)
    {
        _activity = activity;
        _owner = owner;
    }

    /// <summary>The span id in lowercase hex (16 characters); zeros when not sampled.</summary>
    public string SpanId => _activity is null ? EmptySpanId : _activity.SpanId.ToHexString();

    /// <summary>The trace id in lowercase hex (32 characters); zeros when not sampled.</summary>
    public string TraceId => _activity is null ? EmptyTraceId : _activity.TraceId.ToHexString();

    /// <summary>Whether the span is sampled and still open.</summary>
    public bool IsRecording => _activity is { IsAllDataRequested: true, IsStopped: false };

    /// <summary>The underlying activity for advanced use, or <see langword="null"/> when not sampled.</summary>
    public Activity? Activity => _activity;

    /// <summary>Sets an attribute on the span.</summary>
    /// <param name="key">The attribute key.</param>
    /// <param name="value">The value; <see langword="null"/> removes it.</param>
    /// <returns>This handle.</returns>
    public SpanHandle SetAttribute(string key, object? value)
    {
        _activity?.SetTag(key, value);
        return this;
    }

    /// <summary>Adds a timestamped event to the span.</summary>
    /// <param name="name">The event name.</param>
    /// <param name="attributes">The event's attributes, or <see langword="null"/>.</param>
    /// <returns>This handle.</returns>
    public SpanHandle AddEvent(string name, IEnumerable<KeyValuePair<string, object?>>? attributes = null)
    {
        _activity?.AddEvent(new ActivityEvent(name, tags: attributes is null ? null : new ActivityTagsCollection(attributes)));

        return this;
    }

    /// <summary>Ends the span; with an exception, sets status Error and records an <c>exception</c> event.</summary>
    /// <param name="exception">The failure, or <see langword="null"/> for success.</param>
    public void End(Exception? exception = null)
    {
        if (_activity is not null)
        {
            _owner?.End(_activity, exception);
        }
    }

    /// <summary>Ends the span.</summary>
    public void Dispose() => End();

    /// <inheritdoc />
    public bool Equals(SpanHandle other) => ReferenceEquals(_activity, other._activity);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SpanHandle other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _activity?.GetHashCode() ?? 0;

    /// <summary>Compares two handles by the span they refer to.</summary>
    /// <param name="left">The first handle.</param>
    /// <param name="right">The second handle.</param>
    /// <returns><see langword="true"/> when both refer to the same span.</returns>
    public static bool operator ==(SpanHandle left, SpanHandle right) => left.Equals(right);

    /// <summary>Compares two handles by the span they refer to.</summary>
    /// <param name="left">The first handle.</param>
    /// <param name="right">The second handle.</param>
    /// <returns><see langword="true"/> when they refer to different spans.</returns>
    public static bool operator !=(SpanHandle left, SpanHandle right) => !left.Equals(right);
}
