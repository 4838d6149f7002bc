using System.Diagnostics;
using TelemetryFlow.Application.Traces;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Ends spans, and remembers spans started with <c>StartSpan</c> so <c>EndSpan(spanId)</c> can find
/// them. Bounded: when full, the oldest open span is ended (tagged <c>telemetryflow.span.evicted</c>)
/// and counted, so a span that is never ended cannot leak forever.
/// </summary>
/// <remarks>
/// Open spans sit in pooled slots (an array of structs linked in start order by index, with a free list), and the
/// id maps to a slot index, so tracking and ending a span allocates nothing once the slots have grown to the number
/// of spans open at once (a <c>LinkedListNode</c> per span cost 48 bytes per <c>StartSpan</c>). Scopes from
/// <c>Span()</c> are never tracked and end through <see cref="Untracked"/>, without the lock or a lookup.
/// </remarks>
internal sealed class SpanRegistry : ISpanOwner
{
    /// <summary>Default cap on spans started with <c>StartSpan</c> and not yet ended.</summary>
    public const int DefaultCapacity = 10_000;

    private const int None = -1;
    private const int InitialSlots = 16;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private Slot[] _slots;
    private int _oldest = None;
    private int _newest = None;
    private int _free = None;
    private int _used;
    private long _evicted;

    public SpanRegistry(int capacity = DefaultCapacity)
    {
        _capacity = capacity;
        _slots = new Slot[Math.Clamp(capacity, 1, InitialSlots)];
    }

    /// <summary>Ends spans that were never tracked (scopes from <c>Span()</c>): no lock, no lookup.</summary>
    public static ISpanOwner Untracked { get; } = new UntrackedSpans();

    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    public long EvictedCount => Interlocked.Read(ref _evicted);

    public void Track(Activity activity)
    {
        Activity? evicted = null;
        lock (_gate)
        {
            if (_open.Count >= _capacity && _oldest != None)
            {
                var oldest = _oldest;
                evicted = _slots[oldest].Activity!;
                _open.Remove(evicted.SpanId.ToHexString());
                Release(oldest);
            }

            var slot = Acquire();
            _slots[slot].Activity = activity;
            Append(slot);
            _open[activity.SpanId.ToHexString()] = slot;
        }

        if (evicted is not null)
        {
            Interlocked.Increment(ref _evicted);
            evicted.SetTag("telemetryflow.span.evicted", true);
            Stop(evicted, exception: null);
        }
    }

    public bool TryGet(string spanId, out Activity activity)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(spanId, out var slot))
            {
                activity = _slots[slot].Activity!;
                return true;
            }
        }

        activity = null!;
        return false;
    }

    public bool EndById(string spanId, Exception? exception)
    {
        Activity activity;
        lock (_gate)
        {
            if (!_open.Remove(spanId, out var slot))
            {
                return false;
            }

            activity = _slots[slot].Activity!;
            Release(slot);
        }

        Stop(activity, exception);
        return true;
    }

    public void End(Activity activity, Exception? exception)
    {
        lock (_gate)
        {
            if (_open.Count > 0 && _open.Remove(activity.SpanId.ToHexString(), out var slot))
            {
                Release(slot);
            }
        }

        Stop(activity, exception);
    }

    /// <summary>Ends every open span; used at shutdown so nothing started is lost.</summary>
    public void EndAll()
    {
        List<Activity> open;
        lock (_gate)
        {
            open = new List<Activity>(_open.Count);
            for (var slot = _oldest; slot != None; slot = _slots[slot].Next)
            {
                open.Add(_slots[slot].Activity!);
            }

            _open.Clear();
            Array.Clear(_slots);
            (_oldest, _newest, _free, _used) = (None, None, None, 0);
        }

        foreach (var activity in open)
        {
            Stop(activity, exception: null);
        }
    }

    private static void Stop(Activity activity, Exception? exception)
    {
        if (activity.IsStopped)
        {
            return;
        }

        if (exception is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity.AddException(exception);
        }

        activity.Stop();
    }

    // A free slot: from the free list, else the next never-used one; the array doubles (up to the capacity) when full.
    private int Acquire()
    {
        if (_free != None)
        {
            var slot = _free;
            _free = _slots[slot].Next;
            return slot;
        }

        if (_used == _slots.Length)
        {
            Array.Resize(ref _slots, Math.Max(_slots.Length + 1, Math.Min(_capacity, _slots.Length * 2)));
        }

        return _used++;
    }

    private void Append(int slot)
    {
        _slots[slot].Previous = _newest;
        _slots[slot].Next = None;
        if (_newest == None)
        {
            _oldest = slot;
        }
        else
        {
            _slots[_newest].Next = slot;
        }

        _newest = slot;
    }

    // Unlinks the slot from the start order and puts it on the free list.
    private void Release(int slot)
    {
        ref var released = ref _slots[slot];
        if (released.Previous == None)
        {
            _oldest = released.Next;
        }
        else
        {
            _slots[released.Previous].Next = released.Next;
        }

        if (released.Next == None)
        {
            _newest = released.Previous;
        }
        else
        {
            _slots[released.Next].Previous = released.Previous;
        }

        released.Activity = null;
        released.Previous = None;
        released.Next = _free;
        _free = slot;
    }

    private struct Slot
    {
        public Activity? Activity;
        public int Previous;
        public int Next;
    }

    private sealed class UntrackedSpans : ISpanOwner
    {
        public void End(Activity activity, Exception? exception) => Stop(activity, exception);
    }
}
