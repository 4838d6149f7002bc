using TelemetryFlow.Testing;

namespace TelemetryFlow.Benchmarks.Export;

internal static class ReceiverCounts
{
    /// <summary>
    /// Spans accepted so far, summed from the per-request item counts: a snapshot of the requests (hundreds) is far
    /// cheaper than a snapshot of the decoded spans (millions).
    /// </summary>
    public static long AcceptedSpans(this OtlpReceiver receiver)
    {
        long total = 0;
        foreach (var request in receiver.Requests)
        {
            if (request.Signal == OtlpSignal.Traces && request.Accepted)
            {
                total += request.ItemCount;
            }
        }

        return total;
    }

    /// <summary>Forgets everything received and collects the garbage, so one probe's data does not weigh on the next.</summary>
    public static void Reset(this OtlpReceiver receiver)
    {
        receiver.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
