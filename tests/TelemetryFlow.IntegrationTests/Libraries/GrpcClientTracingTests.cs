using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Trace;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;
using OtlpStatusCode = TelemetryFlow.Testing.Otlp.Trace.V1.Status.Types.StatusCode;

namespace TelemetryFlow.IntegrationTests.Libraries;

/// <summary>
/// Grpc.Net.Client calls become RPC spans with no setup, once each. The gRPC service called is the in-process
/// receiver's own trace service, reached without generated client code.
/// </summary>
[Collection(IsolatedScenarios.Name)]
public sealed class GrpcClientTracingTests
{
    private const string Service = "opentelemetry.proto.collector.trace.v1.TraceService";

    [Fact]
    public async Task UnaryCall_UnderASpan_ExportsOneClientSpanWithRpcConventions()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = LibraryTracing.Start(receiver))
        {
            using (client.Span("call-collector"))
            {
                await CallAsync(receiver, "Export");
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.Name == "call-collector"));
        var parent = spans.Single(s => s.Name == "call-collector");
        var call = Assert.Single(spans, s => s.Name == Service + "/Export");
        Assert.Equal("Grpc.Net.Client", call.ScopeName);
        Assert.Equal(OtlpSpanKind.Client, call.Kind);
        Assert.Equal(parent.SpanIdHex, call.ParentSpanIdHex);
        Assert.Equal(OtlpStatusCode.Unset, call.StatusCode);
        Assert.Equal("grpc", call.Attributes["rpc.system.name"]);
        Assert.Equal(Service + "/Export", call.Attributes["rpc.method"]);
        Assert.Equal("OK", call.Attributes["rpc.response.status_code"]);
        Assert.False(call.Attributes.ContainsKey("grpc.method"));
        Assert.False(call.Attributes.ContainsKey("grpc.status_code"));
    }

    [Fact]
    public async Task FailingCall_ExportsErrorSpanWithStatusName()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = LibraryTracing.Start(receiver))
        {
            var failure = await Assert.ThrowsAsync<RpcException>(() => CallAsync(receiver, "Missing"));
            Assert.Equal(Grpc.Core.StatusCode.Unimplemented, failure.StatusCode);
            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(1);
        var call = Assert.Single(spans);
        Assert.Equal(Service + "/Missing", call.Name);
        Assert.Equal(OtlpStatusCode.Error, call.StatusCode);
        Assert.Equal("UNIMPLEMENTED", call.Attributes["error.type"]);
    }

    [Fact]
    public async Task SwitchedOff_ExportsNoRpcSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = LibraryTracing.Start(receiver, b => b.WithLibraryTracing(grpcClient: false)))
        {
            using (client.Span("call-collector"))
            {
                await CallAsync(receiver, "Export");
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(1);
        Assert.Equal(["call-collector"], spans.Select(s => s.Name));
    }

    [Fact]
    public async Task AppRegistersOpenTelemetryInstrumentation_ExportsOneSpanPerCall()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = LibraryTracing.Start(receiver, appInstrumentation: tracing => tracing.AddGrpcClientInstrumentation()))
        {
            using (client.Span("call-collector"))
            {
                await CallAsync(receiver, "Export");
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.Name == "call-collector"));
        var parent = spans.Single(s => s.Name == "call-collector");
        var only = Assert.Single(spans, s => s != parent);
        Assert.Equal(Service + "/Export", only.Name);
        Assert.Equal(parent.SpanIdHex, only.ParentSpanIdHex);
    }

    private static async Task CallAsync(OtlpReceiver receiver, string method)
    {
        var bytes = Marshallers.Create(static (byte[] b) => b, static b => b);
        var call = new Method<byte[], byte[]>(MethodType.Unary, Service, method, bytes, bytes);
        using var channel = GrpcChannel.ForAddress(receiver.GrpcEndpoint);

        // An empty message is a valid, empty export request.
        await channel.CreateCallInvoker().AsyncUnaryCall(call, null, default, []);
    }
}
