using System.Collections.Concurrent;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Resilience;

/// <summary>Transient failures are retried with backoff and the backend's hints; permanent ones are not.</summary>
[Collection(ResilienceScenarios.Name)]
public sealed class RetryTests
{
    public static TheoryData<Transport> Transports => ResilienceKit.GrpcAndHttp;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Retry_UnavailableThreeTimesThenOk_EveryItemDeliveredExactlyOnce(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unavailable(times: 3).ForSignal(OtlpSignal.Traces));
        receiver.EnqueueFailure(OtlpFailure.Unavailable(times: 3).ForSignal(OtlpSignal.Logs));
        var names = Enumerable.Range(0, 20).Select(i => $"retried-{i}").ToArray();
        SignalStatus traces;
        SignalStatus logs;
        await using (var client = TestClients.Start(ResilienceKit.Builder(receiver, transport).WithSignals(metrics: false, logs: true, traces: true)))
        {
            foreach (var name in names)
            {
                using (client.Span(name))
                {
                    client.LogInfo(name);
                }
            }

            Assert.True(await client.ShutdownAsync(TimeSpan.FromSeconds(10)));
            (traces, logs) = (client.GetStatus().Traces, client.GetStatus().Logs);
        }

        Assert.Equal(names.Order(), receiver.Spans.Select(s => s.Name).Order());
        Assert.Equal(names.Order(), receiver.Logs.Select(l => l.BodyText).Order());
        Assert.Equal(3, receiver.Requests.Count(r => r.Signal == OtlpSignal.Traces && !r.Accepted));
        Assert.Equal(3, receiver.Requests.Count(r => r.Signal == OtlpSignal.Logs && !r.Accepted));
        foreach (var status in new[] { traces, logs })
        {
            Assert.Equal((20L, 20L, 0L, 0L, 0L), (status.Recorded, status.Exported, status.Dropped, status.Pending, status.Failed));
            Assert.Equal(0, status.ConsecutiveFailures);
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Retry_TooManyRequestsWithRetryAfterOneSecond_NextAttemptComesAtLeastOneSecondLater(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.TooManyRequests(retryAfter: TimeSpan.FromSeconds(1)).ForSignal(OtlpSignal.Traces));
        await using var client = TestClients.Start(ResilienceKit.Builder(receiver, transport).WithTracesOnly());

        using (client.Span("throttled"))
        {
        }

        var requests = await receiver.WaitForRequestsAsync(r => r.Any(x => x.Accepted), ResilienceKit.Timeout);
        var throttled = Assert.Single(requests, r => !r.Accepted);
        var accepted = Assert.Single(requests, r => r.Accepted);

        // The client's own backoff would have been 25-50 ms: the gap is the backend's hint.
        Assert.True(
            accepted.ReceivedAt - throttled.ReceivedAt >= TimeSpan.FromSeconds(1),
            $"retried after {(accepted.ReceivedAt - throttled.ReceivedAt).TotalMilliseconds:0} ms");
        Assert.Equal("throttled", Assert.Single(receiver.Spans).Name);

        // A flush can return while a long export is still finishing (OpenTelemetry polls its queue), so wait for the count.
        await ResilienceKit.WaitUntilAsync(() => client.GetStatus().Traces.Exported == 1, "the export to be counted");
        Assert.Equal(0L, client.GetStatus().Traces.Dropped);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Retry_Unauthorized_NotRetriedHealthSaysCredentialsRejectedAndExportFailedIsPublished(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unauthorized(times: 5).ForSignal(OtlpSignal.Logs));
        var failed = new ConcurrentQueue<ExportFailed>();
        await using var client = ResilienceKit.Builder(receiver, transport).WithLogsOnly().BuildClient();
        using var subscription = client.Subscribe<ExportFailed>(failed.Enqueue);
        client.Initialize();

        client.LogInfo("rejected");
        Assert.True(await client.FlushAsync());

        var request = Assert.Single(receiver.Requests);
        Assert.False(request.Accepted);
        await ResilienceKit.WaitUntilAsync(() => !failed.IsEmpty, "the ExportFailed event");
        var published = Assert.Single(failed);
        Assert.Equal(SignalType.Logs, published.Signal);
        Assert.Contains("credentials rejected", published.Reason, StringComparison.Ordinal);

        var status = client.GetStatus().Logs;
        Assert.True(status.CredentialsRejected);
        Assert.Equal(1L, status.DroppedByReason["export-rejected"]);
        ResilienceKit.AssertBalanced(status);

        var health = await client.GetHealthAsync();
        Assert.Equal(HealthState.Unhealthy, health.Status);
        var logs = Assert.Single(health.Components, c => c.Name == "logs-exporter");
        Assert.Equal(HealthState.Unhealthy, logs.Status);
        Assert.Contains("credentials rejected", logs.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.KeySecret, health.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Retry_UnauthorizedAfterEarlierSuccesses_FirstFailureIsUnhealthyNamingCredentials(Transport transport)
    {
        // One failure after successes alone gives Degraded; rejected credentials must still give Unhealthy.
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(ResilienceKit.Builder(receiver, transport).WithLogsOnly());
        client.LogInfo("accepted");
        Assert.True(await client.FlushAsync());
        Assert.Equal(HealthState.Healthy, (await client.GetHealthAsync()).Status);

        receiver.EnqueueFailure(OtlpFailure.Unauthorized(times: 1).ForSignal(OtlpSignal.Logs));
        client.LogInfo("rejected");
        Assert.True(await client.FlushAsync());

        var status = client.GetStatus().Logs;
        Assert.Equal((1L, 1, true), (status.Exported, status.ConsecutiveFailures, status.CredentialsRejected));
        var health = await client.GetHealthAsync();
        Assert.Equal(HealthState.Unhealthy, health.Status);
        var logs = Assert.Single(health.Components, c => c.Name == "logs-exporter");
        Assert.Equal(HealthState.Unhealthy, logs.Status);
        Assert.Contains("credentials", logs.Description, StringComparison.Ordinal);
    }
}
