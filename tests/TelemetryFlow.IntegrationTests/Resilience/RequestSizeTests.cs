using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Resilience;

/// <summary>
/// The TelemetryFlow collector refuses a gRPC message over 4 MiB (RESOURCE_EXHAUSTED). A batch of large log records
/// passes that easily: the SDK splits it at protobuf boundaries, and every part stays within the cap.
/// </summary>
[Collection(ResilienceScenarios.Name)]
public sealed class RequestSizeTests
{
    private const int LargeBody = 200 * 1024;

    [Theory]
    [MemberData(nameof(ResilienceKit.GrpcAndHttp), MemberType = typeof(ResilienceKit))]
    public async Task LargeLogs_BatchFarOverTheDefaultCap_ArriveWholeInRequestsWithinIt(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var client = TestClients.Start(LargeLogs(receiver, transport).WithBatchSettings(maxExportBatchSize: 512, maxQueueSize: 2048));
        await using (client)
        {
            var body = new string('x', LargeBody - 16);
            for (var i = 0; i < 100; i++)
            {
                client.LogInfo($"{i:D4}{body}");
            }

            Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(30)));

            var logs = client.GetStatus().Logs;
            Assert.Equal((100L, 100L, 0L, 0L), (logs.Recorded, logs.Exported, logs.Dropped, logs.Pending));
        }

        Assert.Equal(100, receiver.Logs.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"{i:D4}"), receiver.Logs.Select(l => l.BodyText![..4]).Order());
        var requests = receiver.Requests.Where(r => r.Signal == OtlpSignal.Logs).ToList();
        Assert.True(requests.Count >= 5, $"{requests.Count} requests for 20 MB of logs");
        Assert.All(requests, r => Assert.True(r.Message!.CalculateSize() <= TelemetryConfig.DefaultMaxRequestSizeBytes, $"a request of {r.Message!.CalculateSize()} bytes"));
    }

    [Theory]
    [MemberData(nameof(ResilienceKit.GrpcAndHttp), MemberType = typeof(ResilienceKit))]
    public async Task OneLogLargerThanTheCapAlone_IsDroppedAsItemTooLargeAndTheRestArrive(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var client = TestClients.Start(LargeLogs(receiver, transport).WithMaxRequestSize(TelemetryConfig.MinMaxRequestSizeBytes));
        await using (client)
        {
            client.LogInfo("small-1");
            client.LogInfo(new string('x', LargeBody - 16));
            client.LogInfo("small-2");

            Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(30)));

            var logs = client.GetStatus().Logs;
            Assert.Equal((3L, 2L, 1L, 0L), (logs.Recorded, logs.Exported, logs.Dropped, logs.Pending));
            Assert.Equal(1L, logs.DroppedByReason["item-too-large"]);
            Assert.Equal(0, logs.ConsecutiveFailures);
        }

        Assert.Equal(["small-1", "small-2"], receiver.Logs.Select(l => l.BodyText).Order());
    }

    /// <summary>Logs only, bodies up to <see cref="LargeBody"/>, exported on flush.</summary>
    private static TelemetryFlowBuilder LargeLogs(OtlpReceiver receiver, Transport transport) =>
        TestClients.Builder(receiver, transport)
            .WithSignals(metrics: false, logs: true, traces: false)
            .WithLimits(logBodyLength: LargeBody)
            .WithBatchSettings(scheduledDelay: TimeSpan.FromSeconds(30));
}
