using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TelemetryFlow.Application.Traces;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Ends spans, and remembers spans started with <c>StartSpan</c> so <c>EndSpan(spanId)</c> can find
/// them. Bounded: when full, the oldest open span is ended (tagged <c>telemetryflow.span.evicted</c>)
/// and counted, so a span that is never ended cannot leak forever.
/// </summary>
/// <remarks>
/// <para>
/// Open spans sit in pooled slots (an array of structs linked in start order by index, with a free list), and the
/// slots are indexed by their id through a small hash table of their own (a bucket array and a chain index in each
/// slot), so tracking and ending a span allocates nothing once the slots have grown to the number of spans open at
/// once. The hash is read straight from the id's characters: span ids are random hex made by the runtime, so their
/// first eight characters are already a good hash, and the caller nearly always passes back the very string
/// <c>SpanHandle.SpanId</c> returned, which the lookup compares by reference first. Scopes from <c>Span()</c> are
/// never tracked and end through <see cref="Untracked"/>, without the lock or a lookup.
/// </para>
/// <para>
/// One rule keeps a tracked span's end exactly-once across threads: whoever takes it out of the registry (under the
/// lock) ends it, and nobody else does: <see cref="EndById"/>, <see cref="End"/>, <see cref="EndAll"/> or the
/// eviction in <see cref="Track"/>. So an owner's <c>EndSpan</c> or <c>Dispose</c> racing the eviction of the same
/// span finds it gone and leaves it alone instead of stopping it a second time on another thread, and
/// <see cref="AddEvent"/> changes a span only while it is still in the registry, under the lock. What the registry
/// cannot order is the owner's direct use of the span's handle or <c>Activity</c> while it is being evicted; a span
/// is evicted only after 10,000 newer ones were started and left open, and the bound's purpose is to end it.
/// </para>
/// </remarks>
internal sealed class SpanRegistry : ISpanOwner
{
    /// <summary>Default cap on spans started with <c>StartSpan</c> and not yet ended.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>The tag an evicted span is ended with.</summary>
    public const string EvictedTag = "telemetryflow.span.evicted";

    private const int None = -1;
    private const int InitialSlots = 16;
    private const ulong Golden = 0x9E3779B97F4A7C15;

    // A Lock, not a spin lock: the Lock was 6-9 % of StartSpan + EndSpan(id)'s samples uncontended, a spin lock (one
    // compare-exchange in, a plain store out) about nothing, but its waiters never block, so with more busy threads than cores (a container's CPU quota) a
    // preempted holder left StartSpan and EndSpan in Sleep(1) back-offs; a Lock's waiters are woken on release.
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private Slot[] _slots;
    private int[] _buckets;
    private int _oldest = None;
    private int _newest = None;
    private int _free = None;
    private int _used;
    private int _open;
    private long _evicted;

    public SpanRegistry(int capacity = DefaultCapacity)
    {
        _capacity = capacity;
        _slots = new Slot[Math.Clamp(capacity, 1, InitialSlots)];
        _buckets = new int[BucketCount(_slots.Length)];
    }

    /// <summary>Ends spans that were never tracked (scopes from <c>Span()</c>): no lock, no lookup.</summary>
    public static ISpanOwner Untracked { get; } = new UntrackedSpans();

    public int OpenCount => Volatile.Read(ref _open);

    public long EvictedCount => Interlocked.Read(ref _evicted);

    public void Track(Activity activity)
    {
        var id = activity.SpanId.ToHexString();
        var hash = Hash(id);
        Activity? evicted = null;
        using (_gate.EnterScope())
        {
            if (_open >= _capacity && _oldest != None)
            {
                evicted = _slots[_oldest].Activity;
                Remove(_oldest);
            }

            var slot = Acquire();
            ref var added = ref _slots[slot];
            added.Activity = activity;
            added.Id = id;
            added.Hash = hash;
            Append(slot);
            ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
            added.NextInBucket = bucket;
            bucket = slot + 1;
            _open++;
        }

        if (evicted is not null)
        {
            Evict(evicted);
        }
    }

    public bool TryGet(string spanId, out Activity activity)
    {
        var hash = Hash(spanId);
        using (_gate.EnterScope())
        {
            var slot = Find(spanId, hash);
            if (slot != None)
            {
                activity = _slots[slot].Activity!;
                return true;
            }
        }

        activity = null!;
        return false;
    }

    /// <summary>Adds an event to an open span, under the lock, so it never races the span's end; false when not open.</summary>
    public bool AddEvent(string spanId, in ActivityEvent activityEvent)
    {
        var hash = Hash(spanId);
        using (_gate.EnterScope())
        {
            var slot = Find(spanId, hash);
            if (slot == None)
            {
                return false;
            }

            _slots[slot].Activity!.AddEvent(activityEvent);
            return true;
        }
    }

    public bool EndById(string spanId, Exception? exception)
    {
        var hash = Hash(spanId);
        Activity? activity = null;
        using (_gate.EnterScope())
        {
            var slot = Find(spanId, hash);
            if (slot != None)
            {
                activity = _slots[slot].Activity;
                Remove(slot);
            }
        }

        if (activity is null)
        {
            return false;
        }

        Stop(activity, exception);
        return true;
    }

    /// <summary>Ends a tracked span through its handle, unless something else already took it out of the registry (and so ended it).</summary>
    public void End(Activity activity, Exception? exception)
    {
        var id = activity.SpanId.ToHexString();
        var hash = Hash(id);
        var removed = false;
        using (_gate.EnterScope())
        {
            var slot = Find(id, hash);
            if (slot != None && ReferenceEquals(_slots[slot].Activity, activity))
            {
                Remove(slot);
                removed = true;
            }
        }

        if (removed)
        {
            Stop(activity, exception);
        }
    }

    /// <summary>Ends every open span; used at shutdown so nothing started is lost.</summary>
    public void EndAll()
    {
        var open = new List<Activity>(OpenCount);
        using (_gate.EnterScope())
        {
            for (var slot = _oldest; slot != None; slot = _slots[slot].Next)
            {
                open.Add(_slots[slot].Activity!);
            }

            Array.Clear(_slots);
            Array.Clear(_buckets);
            (_oldest, _newest, _free, _used, _open) = (None, None, None, 0, 0);
        }

        var current = Activity.Current;
        foreach (var activity in open)
        {
            Stop(activity, exception: null);
        }

        Activity.Current = current;
    }

    // The id's first eight characters as two 64-bit words, mixed by Fibonacci hashing: for the runtime's random hex ids
    // this is as good as hashing every character, at a fraction of the cost. Ids in the table are always the runtime's
    // (Track takes them from the activity), so a caller's crafted id cannot lengthen a chain.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(string id)
    {
        if (id.Length < 8)
        {
            return id.GetHashCode(StringComparison.Ordinal);
        }

        var words = MemoryMarshal.Cast<char, ulong>(id.AsSpan(0, 8));
        return (int)((((words[0] * Golden) ^ words[1]) * Golden) >> 32);
    }

    private static int BucketCount(int slots) => (int)BitOperations.RoundUpToPowerOf2((uint)slots);

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

    // Activity.Stop sets the stopping thread's Activity.Current to the span's own parent. The evicted span belongs to
    // another call (often another thread), and the thread evicting it is inside StartSpan, whose new span must stay
    // current for its caller.
    private void Evict(Activity activity)
    {
        Interlocked.Increment(ref _evicted);
        var current = Activity.Current;
        activity.SetTag(EvictedTag, true);
        Stop(activity, exception: null);
        Activity.Current = current;
    }

    private int Find(string id, int hash)
    {
        for (var link = _buckets[hash & (_buckets.Length - 1)]; link != 0; link = _slots[link - 1].NextInBucket)
        {
            ref var candidate = ref _slots[link - 1];
            if (candidate.Hash == hash && (ReferenceEquals(candidate.Id, id) || string.Equals(candidate.Id, id, StringComparison.Ordinal)))
            {
                return link - 1;
            }
        }

        return None;
    }

    // A free slot: from the free list, else the next never-used one; the slots double (up to the capacity) when full,
    // and the buckets grow with them.
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
            Rehash();
        }

        return _used++;
    }

    private void Rehash()
    {
        var buckets = BucketCount(_slots.Length);
        if (buckets == _buckets.Length)
        {
            return;
        }

        _buckets = new int[buckets];
        for (var slot = _oldest; slot != None; slot = _slots[slot].Next)
        {
            ref var bucket = ref _buckets[_slots[slot].Hash & (buckets - 1)];
            _slots[slot].NextInBucket = bucket;
            bucket = slot + 1;
        }
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

    // Takes the slot out of its bucket and the start order, and puts it on the free list.
    private void Remove(int slot)
    {
        ref var removed = ref _slots[slot];
        ref var link = ref _buckets[removed.Hash & (_buckets.Length - 1)];
        while (link != slot + 1)
        {
            link = ref _slots[link - 1].NextInBucket;
        }

        link = removed.NextInBucket;

        if (removed.Previous == None)
        {
            _oldest = removed.Next;
        }
        else
        {
            _slots[removed.Previous].Next = removed.Next;
        }

        if (removed.Next == None)
        {
            _newest = removed.Previous;
        }
        else
        {
            _slots[removed.Next].Previous = removed.Previous;
        }

        removed = new Slot { Previous = None, Next = _free };
        _free = slot;
        _open--;
    }

    // Links are slot indexes (None when there is none), except the bucket chain: bucket heads and NextInBucket hold
    // the slot index plus one, so that a new or cleared bucket array (all zeros) is empty.
    private struct Slot
    {
        public Activity? Activity;
        public string? Id;
        public int Hash;
        public int Previous;
        public int Next;
        public int NextInBucket;
    }

    private sealed class UntrackedSpans : ISpanOwner
    {
        public void End(Activity activity, Exception? exception) => Stop(activity, exception);
    }
}
