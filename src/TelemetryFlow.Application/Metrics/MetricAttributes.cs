using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TelemetryFlow.Application.Metrics;

/// <summary>
/// Carries a metric call's attributes to its handler by reference, without copying them.
/// </summary>
/// <remarks>
/// <para>
/// A <see cref="TagList"/> holds up to eight attributes inline (144 bytes). Carried by value it is
/// copied at every layer of the dispatch (command, mediator, each behavior, handler); copied once
/// into a heap object it pays a GC write barrier for each of its 17 reference slots, twice (in and
/// out). Both were measured as the largest part of the SDK's cost over a raw instrument call.
/// </para>
/// <para>
/// So the client pins the caller's attributes (a no-op when they are on the stack, as they nearly
/// always are; it keeps a heap object in place otherwise) and the command carries their address. The
/// caller's frame still reports the references inside to the GC. That is sound because dispatch is
/// synchronous: every behavior and handler of a metric command completes before <c>Send</c> returns,
/// and the client waits for the result inside the pinning block (see <c>TelemetryFlowClient.Complete</c>).
/// A handler must never keep <see cref="Tags"/> beyond its own call.
/// </para>
/// </remarks>
internal readonly unsafe struct MetricAttributes
{
    private static readonly StrongBox<TagList> None = new(default);

    private readonly void* _pinned;
    private readonly StrongBox<TagList>? _boxed;

    private MetricAttributes(void* pinned, StrongBox<TagList>? boxed)
    {
        _pinned = pinned;
        _boxed = boxed;
    }

    /// <summary>The attributes, to be read with <c>in</c> during the handler's call only.</summary>
    public ref readonly TagList Tags
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (_pinned is not null)
            {
                return ref Unsafe.AsRef<TagList>(_pinned);
            }

            return ref (_boxed ?? None).Value;
        }
    }

    /// <summary>
    /// Points at a <see cref="TagList"/> that the caller has pinned (<c>fixed</c>) and keeps alive and
    /// pinned until the command has been handled.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MetricAttributes Pinned(void* tags) => new(tags, boxed: null);

    /// <summary>Wraps attributes in an object of their own, for commands built outside the client (tests, integrations).</summary>
    public static implicit operator MetricAttributes(TagList tags) => FromTagList(tags);

    /// <summary>Wraps attributes in an object of their own, for commands built outside the client (tests, integrations).</summary>
    public static MetricAttributes FromTagList(TagList tags) => new(pinned: null, new StrongBox<TagList>(tags));
}
