using System.Diagnostics;

namespace TelemetryFlow.Application.Metrics;

/// <summary>
/// Carries a metric call's attributes to its handler by reference. A <see cref="TagList"/> holds up
/// to eight attributes inline (about 150 bytes); carried by value it would be copied at every layer
/// of the dispatch (command, mediator, each behavior, handler), which dominated the SDK's overhead
/// over a raw instrument call. One carrier per thread is reused, so a call still allocates nothing.
/// </summary>
internal sealed class MetricAttributes
{
    [ThreadStatic]
    private static MetricAttributes? t_current;

    private bool _inUse;

    /// <summary>The attributes, read by the handler with <c>in</c> so they are not copied.</summary>
    public TagList Tags;

    /// <summary>Wraps attributes for a command built outside the client (tests, integrations).</summary>
    public static implicit operator MetricAttributes(TagList tags) => new() { Tags = tags };

    /// <summary>
    /// Takes the calling thread's carrier and copies the attributes into it once. A re-entrant call on the
    /// same thread (an instrument listener recording through the client) gets a fresh carrier instead.
    /// </summary>
    public static MetricAttributes Rent(in TagList tags)
    {
        var carrier = t_current;
        if (carrier is null || carrier._inUse)
        {
            carrier = new MetricAttributes();
            t_current ??= carrier;
        }

        carrier._inUse = true;
        carrier.Tags = tags;
        return carrier;
    }

    /// <summary>Releases the carrier and drops its references to the attribute values.</summary>
    public void Return()
    {
        Tags = default;
        _inUse = false;
    }

    /// <summary>Converts for the implicit operator's callers that prefer a method.</summary>
    public static MetricAttributes FromTagList(TagList tags) => tags;
}
