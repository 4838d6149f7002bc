using System.Diagnostics;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>
/// Deterministic allocation checks for the hot path: metric calls through the client (command,
/// mediator, behavior, handler, OpenTelemetry aggregation) allocate nothing after warm-up.
/// Time targets live in the BenchmarkDotNet suite, not here.
/// </summary>
[Collection(IsolatedScenarios.Name)]
public sealed class AllocationTests
{
    private const int Calls = 10_000;

    [Fact]
    public async Task MetricCalls_AfterWarmUp_AllocateZeroBytesPerCall()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc));
        var attributes = new TagList { { "route", "/checkout" }, { "status", 200 } };

        void Run()
        {
            for (var i = 0; i < Calls; i++)
            {
                client.IncrementCounter("alloc.counter", 1, attributes);
                client.RecordGauge("alloc.gauge", i, attributes);
                client.RecordHistogram("alloc.histogram", i, "ms", attributes);
                client.RecordMetric("alloc.metric", i, "ms", attributes);
            }
        }

        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated == 0, $"{allocated} bytes allocated over {Calls * 4} metric calls ({(double)allocated / (Calls * 4):0.##} B/call); expected 0.");
    }

    [Fact]
    public async Task SpanScope_AfterWarmUp_AllocatesNoMoreThanRawActivity()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)
            .WithBatchSettings(maxExportBatchSize: 512, maxQueueSize: 4 * Calls));

        void Run()
        {
            for (var i = 0; i < Calls / 10; i++)
            {
                using (client.Span("alloc.span"))
                {
                }
            }
        }

        var perSpanClient = LeastPerSpan(Run);
        var perSpanRaw = RawActivityPerSpan();

        Assert.True(perSpanClient <= perSpanRaw, $"client span scope allocates {perSpanClient:0.#} B/span, raw Activity {perSpanRaw:0.#} B/span.");
    }

    [Fact]
    public async Task StartSpanAndEndSpanById_AfterWarmUp_AllocateNoMoreThanRawActivity()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)
            .WithBatchSettings(maxExportBatchSize: 512, maxQueueSize: 4 * Calls));

        void Run()
        {
            for (var i = 0; i < Calls / 10; i++)
            {
                var span = client.StartSpan("alloc.span.by-id");
                client.EndSpan(span.SpanId);
            }
        }

        var perSpanClient = LeastPerSpan(Run);
        var perSpanRaw = RawActivityPerSpan();

        Assert.True(perSpanClient <= perSpanRaw, $"client StartSpan + EndSpan(id) allocates {perSpanClient:0.#} B/span, raw Activity {perSpanRaw:0.#} B/span.");
        Assert.Equal(0, (await client.GetStatusAsync()).OpenSpans);
    }

    private static double RawActivityPerSpan()
    {
        using var source = new ActivitySource("alloc.raw");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        void Raw()
        {
            for (var i = 0; i < Calls / 10; i++)
            {
                source.StartActivity("alloc.span")?.Stop();
            }
        }

        return LeastPerSpan(Raw);
    }

    /// <summary>
    /// Bytes per span of the least-allocating of three measured rounds, after a warm-up round. One round can count
    /// allocations that are not the span's (seen once in a run here: 8 B/span more than raw, on a loaded machine, while
    /// methods were still being tiered up); the span's own allocations are in every round.
    /// </summary>
    private static double LeastPerSpan(Action round)
    {
        round();
        var least = long.MaxValue;
        for (var measured = 0; measured < 3; measured++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least / (double)(Calls / 10);
    }
}
