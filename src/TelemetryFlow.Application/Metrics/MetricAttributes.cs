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
/// So the client copies the caller's attributes into a local of its own stack frame (a stack slot
/// never moves, and the frame reports its references to the GC) and the command carries the local's
/// address. That is sound because dispatch is synchronous: every behavior and handler of a metric
/// command completes before <c>Send</c> returns, and the client waits for the result inside the frame
/// that owns the local (see <c>TelemetryFlowClient.Complete</c>). A handler must never keep
/// <see cref="Tags"/> beyond its own call.
/// </para>
/// </remarks>
internal readonly unsafe struct MetricAttributes
{
    private static readonly StrongBox<TagList> None = new(default);

    private readonly void* _local;
    private readonly StrongBox<TagList>? _boxed;

    private MetricAttributes(void* local, StrongBox<TagList>? boxed)
    {
        _local = local;
        _boxed = boxed;
    }

    /// <summary>The attributes, to be read with <c>in</c> during the handler's call only.</summary>
    public ref readonly TagList Tags
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (_local is not null)
            {
                return ref Unsafe.AsRef<TagList>(_local);
            }

            return ref (_boxed ?? None).Value;
        }
    }

    /// <summary>
    /// Points at a <see cref="TagList"/> local of the caller's own stack frame, which must outlive the
    /// dispatch of the command (it does when the caller waits for <c>Send</c> in the same frame).
    /// Never pass a reference into a heap object: the GC may move it while the command is handled.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MetricAttributes OnStack(scoped ref TagList local) => new(Unsafe.AsPointer(ref local), boxed: null);

    /// <summary>Wraps attributes in an object of their own, for commands built outside the client (tests, integrations).</summary>
    public static implicit operator MetricAttributes(TagList tags) => FromTagList(tags);

    /// <summary>Wraps attributes in an object of their own, for commands built outside the client (tests, integrations).</summary>
    public static MetricAttributes FromTagList(TagList tags) => new(local: null, new StrongBox<TagList>(tags));
}
