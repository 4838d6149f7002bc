using TelemetryFlow.Testing;

namespace TelemetryFlow.Benchmarks.Export;

internal static class ReceiverCounts
{
    /// <summary>Forgets everything received and collects the garbage, so one probe's data does not weigh on the next.</summary>
    public static void Reset(this OtlpReceiver receiver)
    {
        receiver.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
