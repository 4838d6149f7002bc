using System.Collections.Concurrent;
using System.Diagnostics;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>Rate limiting, sampling, bounded queues and exact accounting, observed at a real receiver.</summary>
[Collection(IsolatedScenarios.Name)]
public sealed class LoadControlTests
{
    [Fact]
    public async Task RateLimit_OverTheLimit_DropsAndCountsWithoutThrowingOrBlocking()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var events = new ConcurrentQueue<TelemetryDropped>();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1).WithRateLimit(60)))
        {
            using var subscription = client.Subscribe<TelemetryDropped>(events.Enqueue);
            var handles = new List<SpanHandle>();
            for (var i = 0; i < 100; i++)
            {
                client.LogInfo($"log {i}");
            }

            var status = client.GetStatus();
            var dropped = status.Logs.DroppedByReason.GetValueOrDefault("rate-limited");
            Assert.InRange(dropped, 38, 40);
            Assert.Equal(100 - dropped, status.Logs.Recorded);
            Assert.False(client.StartSpan("over the limit").IsRecording);
            Assert.Single(events, e => e.Signal == SignalType.Logs && e.Reason == "rate-limited");
            await client.ShutdownAsync();

            var final = client.GetStatus();
            Assert.Equal(final.Logs.Recorded, final.Logs.Exported);
        }

        var logs = await receiver.WaitForLogsAsync(l => l.Count >= 60);
        Assert.InRange(logs.Count, 60, 62);
    }

    [Theory]
    [InlineData(0.0, 0, 0)]
    [InlineData(1.0, 400, 400)]
    [InlineData(0.5, 120, 280)]
    public async Task Sampling_Ratio_ExportsThatShareOfRootSpans(double ratio, int minimum, int maximum)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc).WithSampling(ratio)))
        {
            var recording = 0;
            for (var i = 0; i < 400; i++)
            {
                // An unsampled span still carries a trace id, so context propagates; it just records nothing.
                using var span = client.Span("sampled");
                Assert.Matches("^[0-9a-f]{32}$", span.TraceId);
                recording += span.IsRecording ? 1 : 0;
            }

            Assert.InRange(recording, minimum, maximum);

            await client.ShutdownAsync();
            Assert.InRange(client.GetStatus().Traces.Exported, minimum, maximum);
        }

        Assert.InRange(receiver.Spans.Count, minimum, maximum);
    }

    [Fact]
    public async Task Sampling_ParentBasedWithZeroRatio_StillSamplesChildrenOfASampledParent()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var parentSource = new ActivitySource("load-control.parent");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == parentSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc).WithSampling(0.0, parentBased: true)))
        {
            using (parentSource.StartActivity("incoming"))
            {
                using var child = client.Span("child of sampled parent");
                Assert.True(child.IsRecording);
            }

            using (var root = client.Span("unsampled root"))
            {
                Assert.False(root.IsRecording);
            }

            await client.ShutdownAsync();
        }

        Assert.Equal(["child of sampled parent"], receiver.Spans.Select(s => s.Name));
    }

    [Fact]
    public async Task BoundedQueue_Overflow_DropsAreCountedAndAccountingIsExact()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1)
            .WithBatchSettings(TimeSpan.FromMinutes(10), maxExportBatchSize: 16, maxQueueSize: 16));
        for (var i = 0; i < 5_000; i++)
        {
            using (client.Span("flood"))
            {
            }
        }

        await client.ShutdownAsync(TimeSpan.FromSeconds(10));
        var traces = client.GetStatus().Traces;
        Assert.True(traces.DroppedByReason.GetValueOrDefault("queue-full") > 0, "a 16-item queue must overflow under 5,000 spans");
        Assert.Equal(5_000, traces.Recorded);
        Assert.Equal(traces.Recorded, traces.Exported + traces.Dropped + traces.Pending);
        await receiver.WaitUntilAsync(r => r.Spans.Count == traces.Exported);
    }

    [Fact]
    public async Task ShutdownUnderLoad_SixteenThreadsHammeringEveryApi_OnlyDocumentedExceptionsAndExactAccounting()
    {
        const int threads = 16;
        await using var receiver = await OtlpReceiver.StartAsync();
        var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)
            .WithBatchSettings(TimeSpan.FromMilliseconds(100), maxExportBatchSize: 512, maxQueueSize: 8192));
        var unexpected = new ConcurrentQueue<Exception>();
        var callsBeforeShutdown = new CountdownEvent(threads);
        var workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                var calls = 0;
                while (true)
                {
                    try
                    {
                        Hammer(client, t, calls++);
                    }
                    catch (NotInitializedException)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        unexpected.Enqueue(ex);
                        return;
                    }

                    if (calls == 500)
                    {
                        callsBeforeShutdown.Signal();
                    }
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        callsBeforeShutdown.Wait(TimeSpan.FromSeconds(30));
        await client.ShutdownAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));
        var status = client.GetStatus();
        client.Dispose();

        Assert.Empty(unexpected);
        foreach (var signal in new[] { status.Traces, status.Logs })
        {
            Assert.True(signal.Recorded > 0);
            Assert.Equal(0, signal.Pending);
            Assert.Equal(signal.Recorded, signal.Exported + signal.Dropped);
        }

        await receiver.WaitUntilAsync(r => r.Spans.Count == status.Traces.Exported && r.Logs.Count == status.Logs.Exported);
    }

    private static void Hammer(ITelemetryFlowClient client, int thread, int call)
    {
        switch ((thread + call) % 8)
        {
            case 0:
                client.IncrementCounter("hammer.counter", 1, new TagList { { "thread", thread } });
                break;
            case 1:
                client.RecordGauge("hammer.gauge", call);
                break;
            case 2:
                client.RecordHistogram("hammer.histogram", call, "ms");
                break;
            case 3:
                client.LogInfo("hammer log", [new("call", call)]);
                break;
            case 4:
                using (client.Span("hammer.scope"))
                {
                }

                break;
            case 5:
                var span = client.StartSpan("hammer.span");
                client.AddSpanEvent(span.SpanId, "hammer.event");
                client.EndSpan(span.SpanId);
                break;
            case 6:
                _ = client.GetStatus();
                break;
            default:
                client.RecordMetric("hammer.metric", call, "ms");
                break;
        }
    }
}
