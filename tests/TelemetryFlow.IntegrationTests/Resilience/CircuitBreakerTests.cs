using System.Collections.Concurrent;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Resilience;

/// <summary>The export circuit breaker: opens, fails fast, half-opens after the cool-down, closes on a good probe.</summary>
[Collection(ResilienceScenarios.Name)]
public sealed class CircuitBreakerTests
{
    public static TheoryData<Transport> Transports => ResilienceKit.GrpcAndHttp;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task CircuitBreaker_FiveFailedExports_OpensCallsNothingHalfOpensAndClosesOnSuccess(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unavailable(times: 5).ForSignal(OtlpSignal.Logs));
        var events = new ConcurrentQueue<TelemetryFlowEvent>();
        await using var client = ResilienceKit.Builder(receiver, transport).WithLogsOnly().WithRetry(enabled: false).BuildClient();
        using var opened = client.Subscribe<CircuitBreakerOpened>(events.Enqueue);
        using var closed = client.Subscribe<CircuitBreakerClosed>(events.Enqueue);
        client.Initialize();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(CircuitState.Closed, client.GetStatus().Logs.CircuitState);
            client.LogInfo($"failing-{i}");
            await client.FlushAsync();
        }

        await ResilienceKit.WaitUntilAsync(() => events.OfType<CircuitBreakerOpened>().Any(), "CircuitBreakerOpened");
        var open = Assert.Single(events.OfType<CircuitBreakerOpened>());
        Assert.Equal((SignalType.Logs, ResilienceKit.CoolDown), (open.Signal, open.CoolDown));
        Assert.Equal(CircuitState.Open, client.GetStatus().Logs.CircuitState);
        var health = await client.GetHealthAsync();
        Assert.Equal(HealthState.Unhealthy, health.Status);
        Assert.Contains("circuit breaker open", Assert.Single(health.Components).Description, StringComparison.Ordinal);

        // While open: exports fail fast, the backend hears nothing.
        for (var i = 0; i < 3; i++)
        {
            client.LogInfo($"while-open-{i}");
            await client.FlushAsync();
        }

        Assert.Equal(5, receiver.Requests.Count);
        Assert.Equal(3L, client.GetStatus().Logs.DroppedByReason["circuit-open"]);

        await ResilienceKit.WaitUntilAsync(() => client.GetStatus().Logs.CircuitState == CircuitState.HalfOpen, "the cool-down to end");
        Assert.Equal(5, receiver.Requests.Count);
        client.LogInfo("probe");
        await client.FlushAsync();

        await ResilienceKit.WaitUntilAsync(() => events.OfType<CircuitBreakerClosed>().Any(), "CircuitBreakerClosed");
        Assert.Equal([typeof(CircuitBreakerOpened), typeof(CircuitBreakerClosed)], events.Select(e => e.GetType()));
        Assert.Equal(6, receiver.Requests.Count);
        Assert.Equal("probe", Assert.Single(receiver.Logs).BodyText);

        var status = client.GetStatus().Logs;
        Assert.Equal(CircuitState.Closed, status.CircuitState);
        Assert.Equal((9L, 1L, 8L, 0L), (status.Recorded, status.Exported, status.Dropped, status.Pending));
        Assert.Equal(5L, status.DroppedByReason["export-failed"]);

        // Exports succeed again, but 8 items were lost within the last minute.
        var recovered = await client.GetHealthAsync();
        Assert.Equal(HealthState.Degraded, recovered.Status);
        Assert.Contains("dropped within the last minute", recovered.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CircuitBreaker_ReceiverStopped_OpensAfterFiveFailuresAndProbeFailureReopens()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var opened = new ConcurrentQueue<CircuitBreakerOpened>();
        await using var client = ResilienceKit.Builder(receiver, Transport.Grpc).WithTracesOnly().WithRetry(enabled: false).BuildClient();
        using var subscription = client.Subscribe<CircuitBreakerOpened>(opened.Enqueue);
        client.Initialize();
        await receiver.StopAsync();

        for (var i = 0; i < 5; i++)
        {
            using (client.Span($"refused-{i}"))
            {
            }

            await client.FlushAsync();
        }

        await ResilienceKit.WaitUntilAsync(() => opened.Count == 1, "the circuit to open");
        await ResilienceKit.WaitUntilAsync(() => client.GetStatus().Traces.CircuitState == CircuitState.HalfOpen, "the cool-down to end");

        // The probe fails too (still no receiver): open again for another cool-down.
        using (client.Span("failed-probe"))
        {
        }

        await client.FlushAsync();
        await ResilienceKit.WaitUntilAsync(() => opened.Count == 2, "the circuit to reopen");
        var status = client.GetStatus().Traces;
        Assert.Equal(CircuitState.Open, status.CircuitState);
        Assert.Equal(6L, status.DroppedByReason["export-failed"]);
        ResilienceKit.AssertBalanced(status);
    }
}
