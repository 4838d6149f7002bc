using System.Net;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>
/// The SDK's defaults against a receiver that answers like the TelemetryFlow collector
/// (<see cref="OtlpReceiverMode.TelemetryFlowCollector"/>): a client built as the README shows, with only the endpoint,
/// protocol and API version changed, delivers every signal over gRPC, HTTP v1 and HTTP v2.
/// </summary>
public sealed class CollectorModeExportTests
{
    private const string KeyId = "tfk_collectordefaults0123456789abcdefgh";
    private const string KeySecret = "tfs_collectordefaults0123456789abcdefgh";

    public static TheoryData<Transport> Transports => TestClients.AllTransports;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Export_SdkDefaultsToCollectorMode_DeliverAllSignals(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            Mode = OtlpReceiverMode.TelemetryFlowCollector,
            AllowedKeyIds = [KeyId],
            RequiredKeySecret = KeySecret,
        });

        await using (var client = DefaultClient(receiver, transport))
        {
            client.Initialize();
            client.IncrementCounter("collector.calls");
            client.LogInfo("hello collector");
            using (client.Span("collector.span"))
            {
            }

            Assert.True(await client.ShutdownAsync());
        }

        await receiver.WaitUntilAsync(r => r.Spans.Count >= 1 && r.Logs.Count >= 1 && r.Metrics.Count >= 1);
        Assert.Equal("collector.span", Assert.Single(receiver.Spans).Name);
        Assert.Equal("hello collector", Assert.Single(receiver.Logs).BodyText);
        Assert.Contains(receiver.Metrics, m => m.Name == "collector.calls");
        Assert.All(receiver.Requests, request =>
        {
            Assert.True(request.Accepted, request.ToString());
            Assert.Equal(TestClients.Expected(transport), request.Transport);
            Assert.Null(request.ContentEncoding); // the collector's HTTP handler would refuse gzip
        });
        Assert.Equal(
            new[] { "logs", "metrics", "traces" }.Select(s => TestClients.ExpectedPath(transport, s)).Order(),
            receiver.Requests.Select(r => r.Path).Distinct().Order());
        var status = receiver.Requests.Select(r => r.HttpStatus).Distinct();
        Assert.Equal([HttpStatusCode.OK], status);
    }

    /// <summary>The README's quick start, pointed at the receiver.</summary>
    private static TelemetryFlowClient DefaultClient(OtlpReceiver receiver, Transport transport)
    {
        var builder = new TelemetryFlowBuilder()
            .WithApiKey(KeyId, KeySecret)
            .WithService("collector-defaults", "2.1.0");
        builder = transport switch
        {
            Transport.Grpc => builder.WithEndpoint(receiver.GrpcEndpoint.ToString()),
            Transport.HttpV1 => builder.WithHttp().WithEndpoint(receiver.HttpEndpoint.ToString()),
            _ => builder.WithHttp().WithV2Api().WithEndpoint(receiver.HttpEndpoint.ToString()),
        };
        return builder.BuildClient();
    }
}
