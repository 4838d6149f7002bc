using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>
/// At a real receiver, over gRPC and OTLP/HTTP: no key header at all when the endpoint is loopback without a key or
/// credentials are off, and the extra headers from code, appsettings, <c>OTEL_EXPORTER_OTLP_HEADERS</c> and the
/// per-signal variables on the requests they belong to.
/// </summary>
public sealed class ExportHeadersTests
{
    private static readonly string[] KeyHeaders = [Credentials.KeyIdHeaderName, Credentials.KeySecretHeaderName, Credentials.AuthorizationHeaderName];

    public static TheoryData<Transport> Transports => new() { Transport.Grpc, Transport.HttpV1 };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task LoopbackEndpoint_NoApiKey_ExportsEverySignalWithoutAKeyHeader(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();

        await ExportAllSignalsAsync(Endpoint(new TelemetryFlowBuilder().WithService("keyless"), receiver, transport), receiver);

        AssertNoKeyHeader(receiver);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task WithoutCredentials_KeyConfiguredToo_SendsNoKeyHeader(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();

        await ExportAllSignalsAsync(TestClients.Builder(receiver, transport).WithoutCredentials(), receiver);

        AssertNoKeyHeader(receiver);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ExtraHeaders_FromEverySource_ArriveOnTheRequestsTheyBelongTo(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var appSettings = new Dictionary<string, string?> { ["x-from-appsettings"] = "a", ["x-overridden"] = "appsettings" };
        var variables = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-from-env=b%2Cc%3Dd,x-overridden=env",
            ["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] = "x-traces-only=t",
        };
        var builder = Endpoint(new TelemetryFlowBuilder().WithService("headers"), receiver, transport)
            .WithSettingsSection(_ => null, key => key == "Headers" ? appSettings : [], ["Headers"], "TelemetryFlow")
            .WithAutoConfiguration(variables.GetValueOrDefault)
            .WithHeader("x-from-code", "e f")
            .WithHeader("Authorization", "Bearer my-own-token")
            .WithoutCredentials();

        await ExportAllSignalsAsync(builder, receiver);

        Assert.All(receiver.Requests, request =>
        {
            Assert.Equal("a", request.Header("x-from-appsettings"));
            Assert.Equal("b,c=d", request.Header("x-from-env"));
            Assert.Equal("e f", request.Header("x-from-code"));
            Assert.Equal("env", request.Header("x-overridden"));
            Assert.Equal("Bearer my-own-token", request.Header("Authorization"));
            Assert.Equal(request.Signal == OtlpSignal.Traces ? "t" : null, request.Header("x-traces-only"));
            Assert.Null(request.Header(Credentials.KeyIdHeaderName));
        });
        Assert.Contains(receiver.Requests, r => r.Signal == OtlpSignal.Traces);
        Assert.Contains(receiver.Requests, r => r.Signal == OtlpSignal.Logs);
    }

    private static TelemetryFlowBuilder Endpoint(TelemetryFlowBuilder builder, OtlpReceiver receiver, Transport transport) =>
        transport == Transport.Grpc
            ? builder.WithEndpoint(receiver.GrpcEndpoint.ToString())
            : builder.WithHttp().WithEndpoint(receiver.HttpEndpoint.ToString());

    private static async Task ExportAllSignalsAsync(TelemetryFlowBuilder builder, OtlpReceiver receiver)
    {
        await using (var client = TestClients.Start(builder))
        {
            client.IncrementCounter("headers.check");
            client.LogInfo("headers check");
            using (client.Span("headers.check"))
            {
            }

            Assert.True(await client.ShutdownAsync());
        }

        await receiver.WaitUntilAsync(r => r.Spans.Count == 1 && r.Logs.Count == 1 && r.Metrics.Count >= 1);
    }

    private static void AssertNoKeyHeader(OtlpReceiver receiver)
    {
        Assert.All(receiver.Requests, request => Assert.All(KeyHeaders, name => Assert.Null(request.Header(name))));
    }
}
