using System.Net;
using System.Threading.Channels;
using Google.Protobuf;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Receiver;

/// <summary>The receiver's <see cref="OtlpReceiver.Arrived"/> event and its fixed-port and all-interfaces binding.</summary>
public sealed class OtlpReceiverArrivalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Arrived_AcceptedRequests_RaiseTheirDecodedItemsInOrder()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var arrivals = Channel.CreateUnbounded<ReceivedBatch>();
        receiver.Arrived += (_, batch) => arrivals.Writer.TryWrite(batch);

        using (var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), OtlpWire.TraceRequest("checkout").ToByteArray()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var call = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, "/opentelemetry.proto.collector.logs.v1.LogsService/Export", OtlpWire.LogsRequest("hello"));
        Assert.Equal(0, call.GrpcStatus);

        var traces = await ReadAsync(arrivals);
        var logs = await ReadAsync(arrivals);
        Assert.Equal("checkout", Assert.Single(traces.Spans).Name);
        Assert.Equal("wire-tests", traces.Spans[0].ServiceName);
        Assert.Empty(traces.Logs);
        Assert.Equal(OtlpTransport.Http, traces.Request.Transport);
        Assert.Equal("hello", Assert.Single(logs.Logs).BodyText);
        Assert.Equal(OtlpTransport.Grpc, logs.Request.Transport);
        Assert.Same(receiver.Spans[0].Span, traces.Spans[0].Span);
    }

    [Fact]
    public async Task KeepReceivedOff_RaisesArrivedAndKeepsNothing()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { KeepReceived = false });
        var arrivals = Channel.CreateUnbounded<ReceivedBatch>();
        receiver.Arrived += (_, batch) => arrivals.Writer.TryWrite(batch);

        using (var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), OtlpWire.TraceRequest("passing-through").ToByteArray()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("passing-through", Assert.Single((await ReadAsync(arrivals)).Spans).Name);
        Assert.Equal(1, receiver.AcceptedSpanCount);
        Assert.Empty(receiver.Requests);
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task Arrived_FailedRequestRaisesNothing_AndAThrowingHandlerDoesNotStopTheOthers()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unavailable());
        var arrivals = Channel.CreateUnbounded<ReceivedBatch>();
        receiver.Arrived += (_, _) => throw new InvalidOperationException("a faulty subscriber");
        receiver.Arrived += (_, batch) => arrivals.Writer.TryWrite(batch);

        foreach (var name in (string[])["refused", "accepted", "also accepted"])
        {
            using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), OtlpWire.TraceRequest(name).ToByteArray());
        }

        Assert.Equal("accepted", Assert.Single((await ReadAsync(arrivals)).Spans).Name);
        Assert.Equal("also accepted", Assert.Single((await ReadAsync(arrivals)).Spans).Name);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.False(arrivals.Reader.TryRead(out _));
    }

    [Fact]
    public async Task FixedPorts_ListensOnThePortsGiven()
    {
        int grpcPort;
        int httpPort;
        using (var grpc = RefusingEndpoint.Create())
        using (var http = RefusingEndpoint.Create())
        {
            (grpcPort, httpPort) = (grpc.Port, http.Port);
        }

        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { GrpcPort = grpcPort, HttpPort = httpPort });

        Assert.Equal(grpcPort, receiver.GrpcEndpoint.Port);
        Assert.Equal(httpPort, receiver.HttpEndpoint.Port);
        var call = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("fixed"));
        Assert.Equal(0, call.GrpcStatus);
        Assert.Equal("fixed", Assert.Single(await receiver.WaitForSpansAsync(1)).Name);
    }

    [Fact]
    public async Task FixedPort_Taken_FailsNamingTheOption()
    {
        using var taken = RefusingEndpoint.Create();

        var error = await Assert.ThrowsAsync<IOException>(() => OtlpReceiver.StartAsync(new OtlpReceiverOptions { HttpPort = taken.Port }));

        Assert.Contains($"OtlpReceiverOptions.HttpPort {taken.Port} is already in use", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GrpcPort", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 0, "GrpcPort")]
    [InlineData(0, 65536, "HttpPort")]
    [InlineData(4317, 4317, "HttpPort")]
    public async Task Ports_Invalid_FailNamingTheOption(int grpcPort, int httpPort, string option)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => OtlpReceiver.StartAsync(new OtlpReceiverOptions { GrpcPort = grpcPort, HttpPort = httpPort }));

        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public async Task ListenOnAllInterfaces_StillReachableOnLoopback()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { ListenOnAllInterfaces = true });

        using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), OtlpWire.TraceRequest("anywhere").ToByteArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(0, receiver.HttpEndpoint.Port);
        Assert.Equal("anywhere", Assert.Single(await receiver.WaitForSpansAsync(1)).Name);
    }

    [Fact]
    public async Task AcceptJson_OtlpJsonBody_DecodedWithHexIdsAndAnsweredInJson()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { AcceptJson = true });
        const string Body = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"browser"}}]},
              "scopeSpans":[{"scope":{"name":"web"},"spans":[{
                "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173",
                "name":"click","kind":1,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
                "status":{"code":2,"message":"boom"},"unknownField":true}]}]}]}
            """;

        using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), System.Text.Encoding.UTF8.GetBytes(Body), contentType: "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var span = Assert.Single(await receiver.WaitForSpansAsync(1));
        Assert.Equal("5b8efff798038103d269b633813fc60c", span.TraceIdHex);
        Assert.Equal("eee19b7ec3c1b174", span.SpanIdHex);
        Assert.Equal("eee19b7ec3c1b173", span.ParentSpanIdHex);
        Assert.Equal("browser", span.ServiceName);
        Assert.Equal(TimeSpan.FromSeconds(1), span.Duration);
        Assert.Equal("boom", span.StatusMessage);
    }

    [Fact]
    public async Task AcceptJson_MalformedJson_Gets400()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { AcceptJson = true });

        using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Logs), "{\"resourceLogs\":"u8.ToArray(), contentType: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Assert.Single(receiver.Requests).Accepted);
    }

    private static async Task<ReceivedBatch> ReadAsync(Channel<ReceivedBatch> arrivals)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        return await arrivals.Reader.ReadAsync(cancel.Token);
    }
}
