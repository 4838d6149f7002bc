using TelemetryFlow.Testing;

namespace TelemetryFlow.Benchmarks.Export;

internal static class ReceiverEndpoints
{
    /// <summary>The receiver's base address for <paramref name="protocol"/>; the SDK builder adds the signal path for HTTP.</summary>
    public static Uri EndpointFor(this OtlpReceiver receiver, Protocol protocol) =>
        protocol == Protocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpEndpoint;
}
