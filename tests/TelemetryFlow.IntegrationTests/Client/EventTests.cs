using System.Collections.Concurrent;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>Domain events: published through the mediator, delivered to subscribers, changes only.</summary>
public sealed class EventTests
{
    [Fact]
    public async Task Events_OutageAndRecovery_EachChangeIsPublishedOnce()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var events = new ConcurrentQueue<TelemetryFlowEvent>();
        var client = TestClients.Builder(receiver, Transport.HttpV1)
            .WithLogsOnly()
            .WithRetry(enabled: false)
            .WithCircuitBreaker(enabled: false)
            .BuildClient();
        using var all = client.Subscribe<TelemetryFlowEvent>(events.Enqueue);

        client.Initialize();
        await receiver.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            client.LogInfo("during outage");
            await client.FlushAsync();
        }

        await receiver.RestartAsync();
        client.LogInfo("after recovery");
        await client.FlushAsync();
        await client.DisposeAsync();

        var kinds = events.Select(e => e.GetType().Name).ToList();
        Assert.Equal("SdkInitialized", kinds[0]);
        Assert.Equal("SdkShutdown", kinds[^1]);
        Assert.Single(events.OfType<ExportFailed>());
        Assert.Single(events.OfType<ExportRecovered>(), e => e.Signal == SignalType.Logs && e.FailedExports == 3);
        Assert.Single(events.OfType<TelemetryDropped>(), e => e.Reason == "export-failed");
        var health = events.OfType<HealthChanged>().ToList();
        // Recovered, but items were lost within the last minute: Degraded, not Healthy.
        Assert.Equal([(HealthState.Healthy, HealthState.Unhealthy), (HealthState.Unhealthy, HealthState.Degraded)], health.Select(h => (h.Previous, h.Current)));
        Assert.All(events, e => Assert.DoesNotContain(TestClients.KeySecret, e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribe_HandlerThrows_NeverReachesTheApplication_AndOtherSubscribersStillRun()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Builder(receiver, Transport.Grpc).BuildClient();
        var delivered = new TaskCompletionSource<SdkInitialized>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var failing = client.Subscribe<SdkInitialized>(_ => throw new InvalidOperationException("subscriber bug"));
        using var working = client.Subscribe<SdkInitialized>(e => delivered.TrySetResult(e));

        client.Initialize();

        Assert.Equal("integration-tests", (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10))).ServiceName);
    }

    [Fact]
    public async Task Subscribe_Disposed_StopsDelivery()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Builder(receiver, Transport.Grpc).BuildClient();
        var received = new ConcurrentQueue<TelemetryFlowEvent>();
        var control = new ConcurrentQueue<TelemetryFlowEvent>();
        client.Subscribe<TelemetryFlowEvent>(received.Enqueue).Dispose();
        using var live = client.Subscribe<TelemetryFlowEvent>(control.Enqueue);

        client.Initialize();
        await client.ShutdownAsync();

        // The live subscriber proves events were published, and delivered synchronously, while the other heard none.
        Assert.Equal(["SdkInitialized", "SdkShutdown"], control.Select(e => e.GetType().Name).Where(n => n.StartsWith("Sdk", StringComparison.Ordinal)));
        Assert.Empty(received);
    }
}
