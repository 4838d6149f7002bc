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

    public static TelemetryFlowBuilder Builder(OtlpReceiver receiver, Transport transport, string service = "integration-tests")
    {
        var builder = new TelemetryFlowBuilder()
            .WithApiKey(KeyId, KeySecret)
            .WithService(service, "3.2.1")
            .WithEnvironment("test")
            .WithServiceNamespace("integration")
            .WithTimeout(TimeSpan.FromSeconds(5));
        return transport switch
        {
            Transport.Grpc => builder.WithEndpoint(receiver.GrpcEndpoint.ToString()),
            Transport.HttpV1 => builder.WithHttp().WithEndpoint(receiver.HttpEndpoint.ToString()),
            _ => builder.WithHttp().WithV2Api().WithEndpoint(receiver.HttpEndpoint.ToString()),
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
