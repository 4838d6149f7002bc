using System.Diagnostics;
using TelemetryFlow.Benchmarks.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Benchmarks.Export;

/// <summary>One shutdown: how long it took and how many of the pending spans arrived.</summary>
internal sealed record ShutdownResult(Side Side, TimeSpan Elapsed, long Delivered, bool Completed);

/// <summary>
/// Time from the start of shutdown until all of <see cref="PendingSpans"/> queued spans are delivered to the receiver.
/// The batch size equals a queue larger than the spans and no timed export runs (<see cref="BenchmarkProfile.HoldAll"/>),
/// so every span is still queued when shutdown starts. Each pipeline first exports one span, so the connection is open
/// and the export path is jitted, as in an application that has been running.
/// </summary>
internal sealed class ShutdownFlushRunner(OtlpReceiver receiver, Protocol protocol, TextWriter log)
{
    public const int PendingSpans = 100_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="repetitions"/> shutdowns per side, alternating sides.</summary>
    public IReadOnlyList<ShutdownResult> Run(int repetitions)
    {
        var results = new List<ShutdownResult>();
        for (var i = 0; i < repetitions; i++)
        {
            foreach (var side in (Side[])[Side.Raw, Side.Sdk])
            {
                var result = RunOnce(side);
                log.WriteLine($"    {side,-3} shutdown: {result.Elapsed.TotalMilliseconds,8:N0} ms, delivered {result.Delivered:N0} of {PendingSpans:N0}{(result.Completed ? string.Empty : " (did not complete in time)")}");
                results.Add(result);
            }
        }

        return results;
    }

    private ShutdownResult RunOnce(Side side)
    {
        var config = BenchmarkProfile.Builder(receiver.EndpointFor(protocol), protocol, BenchmarkProfile.HoldAll)
            .WithTracesOnly()
            .WithTimeout(Timeout)
            .Build();
        using var pipeline = SpanPipeline.Create(side, config);
        pipeline.EmitSpan();
        pipeline.Flush(Timeout);
        receiver.Reset();

        for (var i = 0; i < PendingSpans; i++)
        {
            pipeline.EmitSpan();
        }

        var start = Stopwatch.GetTimestamp();
        var completed = pipeline.Shutdown(Timeout);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var delivered = receiver.AcceptedSpanCount;
        receiver.Reset();
        return new ShutdownResult(side, elapsed, delivered, completed && delivered == PendingSpans);
    }
}
