using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>The three wire setups every export test runs against.</summary>
public enum Transport
{
    Grpc,
    HttpV1,
    HttpV2,
}

/// <summary>Builds clients that export to an <see cref="OtlpReceiver"/>.</summary>
internal static class TestClients
{
    public const string KeyId = "tfk_integration_key";
    public const string KeySecret = "tfs_integration_secret=with=equals";

    public static TheoryData<Transport> AllTransports => new() { Transport.Grpc, Transport.HttpV1, Transport.HttpV2 };

    public static TelemetryFlowBuilder Builder(OtlpReceiver receiver, Transport transport, string service = "integration-tests") =>
        Builder(receiver.GrpcEndpoint, receiver.HttpEndpoint, transport, service);

    /// <summary>A client whose every export is refused at the connection: see <see cref="RefusingEndpoint"/>.</summary>
    public static TelemetryFlowBuilder Builder(RefusingEndpoint refusing, Transport transport) =>
        Builder(refusing.Uri, refusing.Uri, transport, "integration-tests");

    private static TelemetryFlowBuilder Builder(Uri grpcEndpoint, Uri httpEndpoint, Transport transport, string service)
    {
        var builder = new TelemetryFlowBuilder()
            .WithApiKey(KeyId, KeySecret)
            .WithService(service, "3.2.1")
            .WithEnvironment("test")
            .WithServiceNamespace("integration")
            .WithTimeout(TimeSpan.FromSeconds(5));
        return transport switch
        {
            Transport.Grpc => builder.WithEndpoint(grpcEndpoint.ToString()),
            Transport.HttpV1 => builder.WithHttp().WithEndpoint(httpEndpoint.ToString()),
            _ => builder.WithHttp().WithV2Api().WithEndpoint(httpEndpoint.ToString()),
        };
    }

    public static TelemetryFlowClient Start(TelemetryFlowBuilder builder)
    {
        var client = builder.BuildClient();
        client.Initialize();
        return client;
    }

    public static OtlpTransport Expected(Transport transport) => transport == Transport.Grpc ? OtlpTransport.Grpc : OtlpTransport.Http;

    public static string ExpectedPath(Transport transport, string signal) => transport switch
    {
        Transport.Grpc => signal switch
        {
            "traces" => "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
            "metrics" => "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
            _ => "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
        },
        Transport.HttpV1 => $"/v1/{signal}",
        _ => $"/v2/{signal}",
    };
}
