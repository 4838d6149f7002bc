using System.Runtime.CompilerServices;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Slots for small caches that match a string by reference (instrument names, attribute keys): the slot comes from the
/// string's address, two shifts where hashing its characters costs a load and a bounds check per character.
/// </summary>
/// <remarks>
/// The slot is only a hint. String literals live on the runtime's non-moving heap, so a literal keeps its slot for
/// good; any other string may move in a garbage collection, after which it misses once and is stored at its new slot.
/// A cache that uses it must compare the reference it finds, and treat a miss as "look it up the slow way".
/// </remarks>
internal static class StringIdentity
{
    /// <summary>A slot in <c>[0, <paramref name="slots"/>)</c>; <paramref name="slots"/> is a power of two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe int Slot(string value, int slots)
    {
        var address = (nuint)Unsafe.AsPointer(ref Unsafe.AsRef(in value.GetPinnableReference()));
        return (int)((address >> 3) ^ (address >> 10)) & (slots - 1);
    }
}
