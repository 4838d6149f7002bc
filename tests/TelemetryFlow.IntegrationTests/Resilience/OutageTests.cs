using System.Diagnostics;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;
using Xunit.Abstractions;

namespace TelemetryFlow.IntegrationTests.Resilience;

/// <summary>
/// The backend goes away under steady load and comes back. The application never notices: calls never
/// throw and stay fast, memory stays bounded. With disk buffering everything arrives afterwards;
/// without it, the drop counts account exactly for what is missing.
/// </summary>
[Collection(ResilienceScenarios.Name)]
public sealed class OutageTests(ITestOutputHelper output)
{
    private const long MemoryGrowthBound = 64L * 1024 * 1024;

    [Fact]
    public async Task Outage_TenSecondsUnderLoadWithDiskBuffering_EverythingArrivesExactlyOnce()
    {
        using var storage = new TempStorage();
        await using var receiver = await OtlpReceiver.StartAsync();
        var client = TestClients.Start(ResilienceKit.Builder(receiver, Transport.Grpc)
            .WithTimeout(TimeSpan.FromSeconds(2))
            .WithSignals(metrics: false, logs: true, traces: true)
            .WithPersistentStorage(storage.Directory));
        SignalStatus traces;
        SignalStatus logs;
        SteadyLoad load;
        await using (client)
        {
            load = new SteadyLoad(client, "buffered");
            await receiver.WaitForSpansAsync(20, ResilienceKit.Timeout);
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

            await receiver.StopAsync();
            load.InOutage = true;
            await Task.Delay(TimeSpan.FromSeconds(10));
            load.InOutage = false;
            var memoryGrowth = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
            var mid = client.GetStatus().Traces;
            await receiver.RestartAsync();

            await ResilienceKit.WaitUntilAsync(() => client.GetStatus().Traces.CircuitState == CircuitState.Closed && receiver.Spans.Count > mid.Exported, "export to resume");
            await load.StopAsync();
            await receiver.WaitUntilAsync(r => r.Spans.Count >= load.Count && r.Logs.Count >= load.Count, ResilienceKit.Timeout);
            Assert.True(await client.ShutdownAsync(TimeSpan.FromSeconds(10)));

            (traces, logs) = (client.GetStatus().Traces, client.GetStatus().Logs);
            Report(load, mid, memoryGrowth);
            Assert.True(mid.Stored > 0, "the outage should have stored batches");
            Assert.True(mid.Pending - mid.Stored <= BatchSettings.DefaultMaxQueueSize, $"in memory: {mid.Pending - mid.Stored}");
            Assert.True(memoryGrowth < MemoryGrowthBound, $"memory grew by {memoryGrowth / 1024} KiB");
        }

        Assert.Equal(load.Names.Order(), receiver.Spans.Select(s => s.Name).Order());
        Assert.Equal(load.Names.Order(), receiver.Logs.Select(l => l.BodyText).Order());
        foreach (var status in new[] { traces, logs })
        {
            Assert.Equal((load.Count, (long)load.Count, 0L, 0L, 0L), (status.Recorded, status.Exported, status.Dropped, status.Pending, status.Stored));
        }

        Assert.Empty(storage.Files);
    }

    [Fact]
    public async Task Outage_UnderLoadWithoutDiskBuffering_DropCountsMatchWhatIsMissingExactly()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var client = TestClients.Start(ResilienceKit.Builder(receiver, Transport.HttpV1)
            .WithTimeout(TimeSpan.FromSeconds(2))
            .WithSignals(metrics: false, logs: true, traces: true));
        SignalStatus traces;
        SignalStatus logs;
        SteadyLoad load;
        await using (client)
        {
            load = new SteadyLoad(client, "unbuffered");
            await receiver.WaitForSpansAsync(20, ResilienceKit.Timeout);
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

            await receiver.StopAsync();
            load.InOutage = true;
            await Task.Delay(TimeSpan.FromSeconds(3));
            load.InOutage = false;
            var memoryGrowth = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
            var mid = client.GetStatus().Traces;
            await receiver.RestartAsync();

            await ResilienceKit.WaitUntilAsync(() => client.GetStatus().Traces.CircuitState == CircuitState.Closed && receiver.Spans.Count > mid.Exported, "export to resume");
            await load.StopAsync();
            Assert.True(await client.ShutdownAsync(TimeSpan.FromSeconds(10)));

            (traces, logs) = (client.GetStatus().Traces, client.GetStatus().Logs);
            Report(load, mid, memoryGrowth);
            Assert.True(mid.Pending <= BatchSettings.DefaultMaxQueueSize, $"in memory: {mid.Pending}");
            Assert.True(memoryGrowth < MemoryGrowthBound, $"memory grew by {memoryGrowth / 1024} KiB");
        }

        output.WriteLine($"traces: exported {traces.Exported}, dropped {traces.Dropped} ({ResilienceKit.DescribeDrops(traces)})");
        output.WriteLine($"logs:   exported {logs.Exported}, dropped {logs.Dropped} ({ResilienceKit.DescribeDrops(logs)})");
        var spans = receiver.Spans.Select(s => s.Name).ToList();
        var records = receiver.Logs.Select(l => l.BodyText!).ToList();
        Assert.Equal(spans.Count, spans.Distinct().Count());
        Assert.Subset(load.Names.ToHashSet(), spans.ToHashSet());
        Assert.True(traces.Dropped > 0, "the outage should have dropped spans");

        // Exactly what the receiver is missing was counted as dropped, and nothing is left pending.
        Assert.Equal((long)load.Count, traces.Recorded);
        Assert.Equal(spans.Count, traces.Exported);
        Assert.Equal(load.Count - spans.Count, traces.Dropped);
        Assert.Equal(0L, traces.Pending);
        Assert.Equal((long)load.Count, logs.Recorded);
        Assert.Equal(records.Count, logs.Exported);
        Assert.Equal(load.Count - records.Count, logs.Dropped);
        Assert.Equal(0L, logs.Pending);
        ResilienceKit.AssertBalanced(traces);
        ResilienceKit.AssertBalanced(logs);
    }

    private void Report(SteadyLoad load, SignalStatus mid, long memoryGrowth)
    {
        var (p50, p99, calls) = load.OutageLatency();
        output.WriteLine($"client calls during the outage: {calls}, p50 {p50:0.0} us, p99 {p99:0.0} us (one span + one log per call)");
        output.WriteLine($"at the end of the outage: traces recorded {mid.Recorded}, pending {mid.Pending}, stored {mid.Stored}, dropped {mid.Dropped} ({ResilienceKit.DescribeDrops(mid)}), circuit {mid.CircuitState}");
        output.WriteLine($"managed memory growth over the outage: {memoryGrowth / 1024} KiB");
    }
}
