using System.Collections.Concurrent;
using System.Text;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Resilience;

/// <summary>Disk buffering: what cannot be delivered is kept on disk and delivered later, also by the next process.</summary>
[Collection(ResilienceScenarios.Name)]
public sealed class PersistentStorageTests
{
    public static TheoryData<Transport, Transport> Restarts => new()
    {
        { Transport.Grpc, Transport.Grpc },
        { Transport.HttpV1, Transport.HttpV1 },
        { Transport.Grpc, Transport.HttpV1 },
    };

    [Theory]
    [MemberData(nameof(Restarts))]
    public async Task Storage_ClientShutsDownDuringOutage_NextClientWithTheSameDirectoryDeliversIt(Transport first, Transport second)
    {
        using var temp = new TempDirectory();
        var storage = temp.Combine("buffer");
        await using var receiver = await OtlpReceiver.StartAsync();
        await receiver.StopAsync();
        var names = Enumerable.Range(0, 10).Select(i => $"stored-{i}").ToArray();

        SignalStatus before;
        await using (var a = TestClients.Start(ResilienceKit.Builder(receiver, first).WithSignals(metrics: false, logs: true, traces: true).WithPersistentStorage(storage)))
        {
            foreach (var name in names)
            {
                using (a.Span(name))
                {
                    a.LogInfo(name);
                }
            }

            await a.ShutdownAsync(TimeSpan.FromSeconds(10));
            before = a.GetStatus().Traces;
            var logs = a.GetStatus().Logs;
            Assert.Equal((10L, 0L, 0L, 10L, 10L), (logs.Recorded, logs.Exported, logs.Dropped, logs.Pending, logs.Stored));
        }

        Assert.Equal((10L, 0L, 0L, 10L, 10L), (before.Recorded, before.Exported, before.Dropped, before.Pending, before.Stored));
        Assert.NotEmpty(temp.Files("buffer", "*.otlp"));
        foreach (var file in temp.Files("buffer", "*.otlp"))
        {
            // Headers are never stored: the credentials come from the configuration at replay.
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain(TestClients.KeySecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestClients.KeyId, text, StringComparison.Ordinal);
        }

        await receiver.RestartAsync();
        await using var b = TestClients.Start(ResilienceKit.Builder(receiver, second).WithSignals(metrics: false, logs: true, traces: true).WithPersistentStorage(storage));
        await receiver.WaitUntilAsync(r => r.Spans.Count >= names.Length && r.Logs.Count >= names.Length, ResilienceKit.Timeout);
        await ResilienceKit.WaitUntilAsync(() => temp.Files("buffer", "*.otlp").Length == 0, "the stored files to be deleted after delivery");

        Assert.Equal(names.Order(), receiver.Spans.Select(s => s.Name).Order());
        Assert.Equal(names.Order(), receiver.Logs.Select(l => l.BodyText).Order());
        Assert.All(receiver.Requests, r => Assert.Equal(TestClients.Expected(second), r.Transport));
        Assert.All(receiver.Requests, r => Assert.Equal(TestClients.KeySecret, r.Headers["X-TelemetryFlow-Key-Secret"]));
        // The replayer counts a batch after deleting its file; wait for the count rather than read it once.
        await ResilienceKit.WaitUntilAsync(
            () => b.GetStatus() is { Traces.ReplayedFromPreviousRun: 10, Logs.ReplayedFromPreviousRun: 10 },
            "the replayed batches to be counted");
        var status = b.GetStatus();
        Assert.Equal((0L, 0L, 10L), (status.Traces.Recorded, status.Traces.Exported, status.Traces.ReplayedFromPreviousRun));
    }

    [Fact]
    public async Task Storage_DirectoryMissing_IsCreatedOwnerOnly()
    {
        using var temp = new TempDirectory();
        var storage = temp.Combine("buffer");
        await using var receiver = await OtlpReceiver.StartAsync();
        Assert.False(Directory.Exists(storage));

        await using var client = TestClients.Start(ResilienceKit.Builder(receiver, Transport.Grpc).WithPersistentStorage(storage));

        Assert.True(Directory.Exists(storage));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(storage));
        }
    }

    [Fact]
    public async Task Storage_CircuitOpen_BatchesAreStoredNotDroppedAndDeliveredWhenTheBackendIsBack()
    {
        // A cool-down far longer than the spans below take, so the circuit is certainly still open for them.
        var coolDown = TimeSpan.FromSeconds(3);
        using var temp = new TempDirectory();
        var storage = temp.Combine("buffer");
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unavailable(times: 5).ForSignal(OtlpSignal.Traces));
        var opened = new ConcurrentQueue<CircuitBreakerOpened>();
        await using var client = ResilienceKit.Builder(receiver, Transport.HttpV1)
            .WithTracesOnly()
            .WithRetry(enabled: false)
            .WithCircuitBreaker(enabled: true, failureThreshold: 5, coolDown: coolDown)
            .WithPersistentStorage(storage)
            .BuildClient();
        using var subscription = client.Subscribe<CircuitBreakerOpened>(opened.Enqueue);
        client.Initialize();

        // Each flush also replays what is stored, so the five failures may come from fewer than five spans.
        var names = new List<string>();
        for (var i = 0; i < 5 && opened.IsEmpty; i++)
        {
            names.Add($"failing-{i}");
            using (client.Span(names[^1]))
            {
            }

            await client.FlushAsync();
        }

        await ResilienceKit.WaitUntilAsync(() => !opened.IsEmpty, "CircuitBreakerOpened");
        var open = Assert.Single(opened);
        var requestsWhenOpened = receiver.Requests.Count;
        Assert.Equal(5, requestsWhenOpened);
        Assert.All(receiver.Requests, r => Assert.False(r.Accepted));

        // While open: stored without calling the backend.
        for (var i = 0; i < 3; i++)
        {
            names.Add($"while-open-{i}");
            using (client.Span(names[^1]))
            {
            }

            await client.FlushAsync();
        }

        var during = client.GetStatus().Traces;
        Assert.True(DateTimeOffset.UtcNow < open.Timestamp + coolDown, "the spans while open took longer than the cool-down");
        Assert.Equal(CircuitState.Open, during.CircuitState);
        Assert.Equal(requestsWhenOpened, receiver.Requests.Count);
        Assert.Equal((0L, 0L, (long)names.Count), (during.Exported, during.Dropped, during.Stored));
        ResilienceKit.AssertBalanced(during);

        await receiver.WaitForSpansAsync(names.Count, ResilienceKit.Timeout);
        Assert.DoesNotContain(receiver.Requests, r => r.ReceivedAt > open.Timestamp && r.ReceivedAt < open.Timestamp + coolDown);
        await ResilienceKit.WaitUntilAsync(() => client.GetStatus().Traces.Exported == names.Count, "the stored spans to be counted as exported");
        var after = client.GetStatus().Traces;
        Assert.Equal(((long)names.Count, (long)names.Count, 0L, 0L, 0L), (after.Recorded, after.Exported, after.Dropped, after.Pending, after.Stored));
        Assert.Equal(names.Order(), receiver.Spans.Select(s => s.Name).Order());
    }
}
