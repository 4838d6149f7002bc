using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// An exact counter incremented on the hot path from many threads, read rarely (status, self-metrics). Each thread
/// owns a cell of its own while it lives and adds to it with a plain store, no interlocked instruction; reads add the
/// cells up.
/// </summary>
/// <remarks>
/// <para>
/// A thread gets a slot number on its first increment of any counter, the same number for every counter, and owns
/// that slot's cell in each counter exclusively, so its read-modify-write cannot race another writer. When the thread
/// has exited, its slot returns to a free list (a finalizer, once nothing references the thread's static storage) and
/// the next new thread takes it over: the cell keeps its total, so a count never goes back or loses an increment when
/// threads come and go. The old owner's last write is ordered before the new owner's first by the thread's exit, the
/// garbage collection that finds its storage unreachable, the finalizer, and the free list's lock, in that order.
/// </para>
/// <para>
/// Threads beyond <see cref="OwnedSlots"/> alive at once share 16 stripes by thread id with interlocked adds, as
/// every thread did before (an atomic increment was 4-5 % of a metric call: docs/benchmarks.md, 2026-12-07 session 2).
/// </para>
/// </remarks>
internal sealed class StripedCounter
{
    /// <summary>Cells owned by one thread each; slot 0 means the thread has none yet.</summary>
    internal const int OwnedSlots = 64;

    private const int SharedStripes = 16;

    // A thread that found every slot taken: it uses the shared stripes from then on.
    private const int NoSlot = OwnedSlots;

    [ThreadStatic]
    private static int t_slot;

    [ThreadStatic]
    private static SlotRelease? t_release;

    private static readonly SlotPool Slots = new();

    // Cell 0 is never owned (slot 0 means "none yet"); a cell per cache line, so owners never share one.
    private readonly PaddedLong[] _owned = new PaddedLong[OwnedSlots];
    private readonly PaddedLong[] _shared = new PaddedLong[SharedStripes];

    public long Value
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _owned.Length; i++)
            {
                total += Volatile.Read(ref _owned[i].Value);
            }

            for (var i = 0; i < _shared.Length; i++)
            {
                total += Volatile.Read(ref _shared[i].Value);
            }

            return total;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment() => Add(1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long amount)
    {
        var slot = t_slot;
        if ((uint)(slot - 1) < OwnedSlots - 1)
        {
            // Only this thread writes this cell; the volatile write (a plain store on x64) publishes it to readers.
            ref var cell = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_owned), slot).Value;
            Volatile.Write(ref cell, cell + amount);
            return;
        }

        AddSlow(slot, amount);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddSlow(int slot, long amount)
    {
        if (slot == 0 && TakeSlot() != NoSlot)
        {
            Add(amount);
            return;
        }

        Interlocked.Add(ref _shared[Environment.CurrentManagedThreadId & (SharedStripes - 1)].Value, amount);
    }

    private static int TakeSlot()
    {
        var slot = Slots.Take();
        if (slot != NoSlot)
        {
            t_release ??= new SlotRelease(slot);
        }

        t_slot = slot;
        return slot;
    }

    /// <summary>The slot numbers: never used ones first, then those of exited threads.</summary>
    private sealed class SlotPool
    {
        private readonly Lock _lock = new();
        private readonly Stack<int> _free = new();
        private int _next = 1;

        public int Take()
        {
            lock (_lock)
            {
                return _free.TryPop(out var free) ? free
                    : _next < OwnedSlots ? _next++
                    : NoSlot;
            }
        }

        public void Return(int slot)
        {
            lock (_lock)
            {
                _free.Push(slot);
            }
        }
    }

    /// <summary>Referenced only by its thread's static storage: finalized once that thread has exited, it frees the slot.</summary>
    private sealed class SlotRelease(int slot)
    {
        ~SlotRelease() => Slots.Return(slot);
    }

    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct PaddedLong
    {
        [FieldOffset(0)]
        public long Value;
    }
}
