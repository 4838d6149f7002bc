using System.Globalization;

namespace TelemetryFlow.Benchmarks.Export;

/// <summary>
/// Collections, pause time and allocations of this process, recorded before and after a probe. Next to the CPU by
/// thread it shows how much of the producing thread's time was garbage collection: with workstation GC, the thread whose
/// allocation triggers a collection does the collecting, and the spans waiting in a large queue are what survives it.
/// </summary>
internal readonly record struct GcActivity(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long AllocatedBytes)
{
    public static GcActivity Snapshot() => new(
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration(),
        GC.GetTotalAllocatedBytes(precise: false));

    /// <summary>What happened since <paramref name="before"/>, as one line.</summary>
    public string Since(GcActivity before) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Gen0 - before.Gen0} gen0, {Gen1 - before.Gen1} gen1, {Gen2 - before.Gen2} gen2 collections; {(Paused - before.Paused).TotalMilliseconds:N0} ms paused; {(AllocatedBytes - before.AllocatedBytes) / 1e6:N0} MB allocated");
}
