using System.Diagnostics;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Benchmarks.Export;

/// <summary>One probe: spans offered at a fixed rate for a fixed time, then flushed, then counted at the receiver.</summary>
/// <param name="TargetRate">The rate asked for, spans per second.</param>
/// <param name="Offered">Spans actually emitted.</param>
/// <param name="OfferSeconds">How long the offering took.</param>
/// <param name="Delivered">Spans the receiver accepted.</param>
/// <param name="DrainSeconds">How long it took after the offering until the last span arrived.</param>
/// <param name="Flushed">Whether the flush finished in time.</param>
/// <param name="CpuByThread">CPU seconds by thread name during the probe, largest first.</param>
/// <param name="Gc">Garbage collections, pause time and allocations during the probe.</param>
internal sealed record ProbeResult(double TargetRate, long Offered, double OfferSeconds, long Delivered, double DrainSeconds, bool Flushed, string CpuByThread, string Gc)
{
    /// <summary>The producer reaching less than this share of the target means the producer, not export, was the limit.</summary>
    private const double ProducerBoundShare = 0.97;

    public long Dropped => Offered - Delivered;

    public bool ZeroDrops => Flushed && Dropped == 0;

    public double OfferedRate => Offered / OfferSeconds;

    /// <summary>The producing thread fell behind the clock: it could not emit at the target rate.</summary>
    public bool ProducerBound => Offered < TargetRate * OfferSeconds * ProducerBoundShare;

    /// <summary>Delivered spans over the whole time, offering plus draining the queue afterwards.</summary>
    public double EndToEndRate => Delivered / (OfferSeconds + DrainSeconds);
}

internal static class ThroughputProbe
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Emits spans on the calling thread at <paramref name="rate"/> per second for <paramref name="duration"/>, in bursts
    /// that keep up with the clock; when ahead it sleeps, so it leaves the other core to the exporter and the receiver.
    /// </summary>
    public static ProbeResult Run(SpanPipeline pipeline, OtlpReceiver receiver, double rate, TimeSpan duration)
    {
        receiver.Reset();
        var cpuBefore = ThreadCpu.Snapshot();
        var gcBefore = GcActivity.Snapshot();
        var ticksPerSpan = Stopwatch.Frequency / rate;
        var durationTicks = (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long offered = 0;
        var start = Stopwatch.GetTimestamp();
        long elapsed;
        while ((elapsed = Stopwatch.GetTimestamp() - start) < durationTicks)
        {
            var due = (long)(elapsed / ticksPerSpan);
            if (offered >= due)
            {
                // Ahead of the offered rate: give the core back to the exporter (spinning would steal it on 2 cores).
                Thread.Sleep(1);
                continue;
            }

            // Catch up with the clock, re-reading it every 256 spans so one burst never overshoots by much.
            var burstEnd = Math.Min(due, offered + 256);
            while (offered < burstEnd)
            {
                pipeline.EmitSpan();
                offered++;
            }
        }

        var offerSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var drainStart = Stopwatch.GetTimestamp();
        var flushed = pipeline.Flush(FlushTimeout);
        var delivered = WaitForArrivals(receiver, offered);
        var drainSeconds = Stopwatch.GetElapsedTime(drainStart).TotalSeconds;
        var cpu = ThreadCpu.Snapshot().Since(cpuBefore, ThreadCpu.CurrentThreadId());
        var gc = GcActivity.Snapshot().Since(gcBefore);
        return new ProbeResult(rate, offered, offerSeconds, delivered, drainSeconds, flushed, cpu, gc);
    }

    /// <summary>
    /// A batch processor's ForceFlush can return while its last export is still on the wire (it waits for the queue to
    /// be emptied, and the last batch leaves the queue when it is serialized, before it is sent). So after the flush,
    /// wait until every span has arrived or nothing has arrived for <see cref="QuietPeriod"/>; otherwise the late spans
    /// would count as drops here and spill into the next probe.
    /// </summary>
    private static long WaitForArrivals(OtlpReceiver receiver, long expected)
    {
        var delivered = receiver.AcceptedSpanCount;
        while (delivered < expected)
        {
            var seen = delivered;
            try
            {
                // Woken by every request the receiver gets; a quiet period with no new span ends the wait.
                receiver.WaitUntilAsync(r => r.AcceptedSpanCount != seen, QuietPeriod).GetAwaiter().GetResult();
            }
            catch (TimeoutException)
            {
                break;
            }

            delivered = receiver.AcceptedSpanCount;
        }

        return delivered;
    }
}
