using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Otlp.Collector.Trace.V1;
using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Rpc;
using Xunit.Abstractions;
using RpcStatus = TelemetryFlow.Testing.Otlp.Rpc.Status;
using GrpcStatusCode = Grpc.Core.StatusCode;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;

namespace TelemetryFlow.IntegrationTests.Receiver;

/// <summary>
/// Proves the receiver against the real OpenTelemetry .NET OTLP exporter (gRPC and HTTP/protobuf) and against
/// hand-built wire traffic for what the exporter does not do on demand (gzip, raw status trailers).
/// </summary>
public sealed partial class OtlpReceiverTests(ITestOutputHelper output)
{
    private const string ServiceName = "receiver-tests";

    public static TheoryData<OtlpExportProtocol> Protocols => new() { OtlpExportProtocol.Grpc, OtlpExportProtocol.HttpProtobuf };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Receiver_SpanFromOtelExporter_DecodesSpanHeadersAndResource(OtlpExportProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var sourceName = UniqueName("spans");
        using var source = new ActivitySource(sourceName);
        string traceId;
        string spanId;

        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .ConfigureResource(r => r.AddService(ServiceName))
                   .AddSource(sourceName)
                   .AddOtlpExporter(o => UseReceiver(o, receiver, protocol, OtlpSignal.Traces))
                   .Build())
        {
            using (var activity = source.StartActivity("checkout", ActivityKind.Server))
            {
                Assert.NotNull(activity);
                activity.SetTag("order.id", 42);
                activity.SetTag("order.express", true);
                activity.AddEvent(new ActivityEvent("cache.miss", tags: new ActivityTagsCollection { ["cache.key"] = "order:42" }));
                traceId = activity.TraceId.ToHexString();
                spanId = activity.SpanId.ToHexString();
            }

            Assert.True(provider.ForceFlush());
        }

        var span = Assert.Single(await receiver.WaitForSpansAsync(1));
        Assert.Equal("checkout", span.Name);
        Assert.Equal(OtlpSpanKind.Server, span.Kind);
        Assert.Equal(traceId, span.TraceIdHex);
        Assert.Equal(spanId, span.SpanIdHex);
        Assert.Null(span.ParentSpanIdHex);
        Assert.Equal(42L, span.Attributes["order.id"]);
        Assert.Equal(true, span.Attributes["order.express"]);
        Assert.Equal(["cache.miss"], span.EventNames);
        Assert.Equal("order:42", span.EventAttributes("cache.miss")?["cache.key"]);
        Assert.Equal(ServiceName, span.ServiceName);
        Assert.Equal(sourceName, span.ScopeName);
        Assert.True(span.Duration >= TimeSpan.Zero);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(OtlpSignal.Traces, request.Signal);
        Assert.Equal(ExpectedTransport(protocol), request.Transport);
        Assert.Equal("1", request.Header("x-test"));
        Assert.Equal("1", request.Headers["X-TEST"]);
        Assert.True(request.Accepted);
        Assert.Equal(1, request.ItemCount);
        Assert.IsType<ExportTraceServiceRequest>(request.Message);
        Assert.Equal(
            protocol == OtlpExportProtocol.Grpc ? "/opentelemetry.proto.collector.trace.v1.TraceService/Export" : "/v1/traces",
            request.Path);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Receiver_MetricsFromOtelExporter_DecodesCounterAndHistogram(OtlpExportProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var meterName = UniqueName("metrics");
        using var meter = new Meter(meterName);

        using (var provider = Sdk.CreateMeterProviderBuilder()
                   .ConfigureResource(r => r.AddService(ServiceName))
                   .AddMeter(meterName)
                   .AddOtlpExporter((exporter, reader) =>
                   {
                       UseReceiver(exporter, receiver, protocol, OtlpSignal.Metrics);
                       reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
                   })
                   .Build())
        {
            var orders = meter.CreateCounter<long>("orders.placed", unit: "{order}");
            orders.Add(2, new KeyValuePair<string, object?>("region", "eu"));
            orders.Add(1, new KeyValuePair<string, object?>("region", "eu"));
            orders.Add(5, new KeyValuePair<string, object?>("region", "us"));
            var duration = meter.CreateHistogram<double>("checkout.duration", unit: "ms");
            duration.Record(12.5);
            duration.Record(7.5);

            Assert.True(provider.ForceFlush());
        }

        var metrics = await receiver.WaitForMetricsAsync(all =>
            all.Any(m => m.Name == "orders.placed") && all.Any(m => m.Name == "checkout.duration"));

        var counter = metrics.First(m => m.Name == "orders.placed");
        Assert.Equal(MetricKind.Sum, counter.Kind);
        Assert.True(counter.IsMonotonic);
        Assert.Equal("{order}", counter.Unit);
        Assert.Equal(ServiceName, counter.ServiceName);
        Assert.Equal(meterName, counter.ScopeName);
        Assert.Equal(3L, counter.DataPoints.Single(p => Equals(p.Attributes["region"], "eu")).IntValue);
        Assert.Equal(5d, counter.DataPoints.Single(p => Equals(p.Attributes["region"], "us")).Value);

        var histogram = metrics.First(m => m.Name == "checkout.duration");
        Assert.Equal(MetricKind.Histogram, histogram.Kind);
        Assert.Equal("ms", histogram.Unit);
        var point = Assert.Single(histogram.DataPoints);
        Assert.Equal(2UL, point.Count);
        Assert.Equal(20d, point.Sum);
        Assert.Equal(7.5, point.Min);
        Assert.Equal(12.5, point.Max);
        Assert.Equal(point.ExplicitBounds.Count + 1, point.BucketCounts.Count);

        Assert.All(receiver.Requests, r => Assert.Equal(ExpectedTransport(protocol), r.Transport));
        Assert.All(receiver.Requests, r => Assert.Equal("1", r.Header("x-test")));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Receiver_LogFromOtelExporter_DecodesBodySeverityAttributesAndTraceContext(OtlpExportProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        ActivityTraceId traceId;
        ActivitySpanId spanId;

        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
               {
                   options.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(ServiceName));
                   options.IncludeFormattedMessage = true;
                   options.AddOtlpExporter(o => UseReceiver(o, receiver, protocol, OtlpSignal.Logs));
               })))
        {
            var logger = factory.CreateLogger("Orders.Checkout");

            // A bare Activity (no listener needed) gives the log record a trace context to carry.
            using var activity = new Activity("log-correlation").Start();
            traceId = activity.TraceId;
            spanId = activity.SpanId;
            LogOrderLate(logger, 42);
        }

        var log = Assert.Single(await receiver.WaitForLogsAsync(1));
        Assert.Equal("Order 42 is late", log.BodyText);
        Assert.Equal(13, log.SeverityNumber); // WARN
        Assert.Equal(42L, log.Attributes["OrderId"]);
        Assert.Equal(traceId.ToHexString(), log.TraceIdHex);
        Assert.Equal(spanId.ToHexString(), log.SpanIdHex);
        Assert.Equal("Orders.Checkout", log.ScopeName);
        Assert.Equal(ServiceName, log.ServiceName);
        Assert.Equal(ExpectedTransport(protocol), log.Request.Transport);
        Assert.Equal("1", log.Request.Header("x-test"));
    }

    [Fact]
    public async Task HttpEndpoint_GzipProtobufBody_IsDecompressedAndAccepted()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var body = OtlpWire.Gzip(OtlpWire.TraceRequest("zipped").ToByteArray());

        using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), body, contentEncoding: "gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(answer.PartialSuccess);

        var span = Assert.Single(receiver.Spans);
        Assert.Equal("zipped", span.Name);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.TraceIdHex);
        Assert.Equal("b7ad6b7169203331", span.SpanIdHex);
        Assert.Equal(TimeSpan.FromMilliseconds(250), span.Duration);
        Assert.Equal("gzip", Assert.Single(receiver.Requests).ContentEncoding);
    }

    [Fact]
    public async Task HttpEndpoint_V2Path_IsAcceptedLikeV1()
    {
        await using var receiver = await OtlpReceiver.StartAsync();

        using var response = await OtlpWire.PostAsync(new Uri(receiver.HttpEndpoint, "v2/traces"), OtlpWire.TraceRequest("v2").ToByteArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/v2/traces", Assert.Single(receiver.Requests).Path);
        Assert.Equal("v2", Assert.Single(receiver.Spans).Name);
    }

    [Fact]
    public async Task HttpEndpoint_JsonContentType_Returns415AndRecordsRefusal()
    {
        await using var receiver = await OtlpReceiver.StartAsync();

        using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Logs), "{}"u8.ToArray(), contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(OtlpSignal.Logs, request.Signal);
        Assert.False(request.Accepted);
        Assert.Null(request.Message);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, request.HttpStatus);
        Assert.Contains("application/json", request.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Logs);
    }

    [Fact]
    public async Task GrpcEndpoint_GzipCompressedMessage_IsAccepted()
    {
        await using var receiver = await OtlpReceiver.StartAsync();

        var result = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("grpc-zipped"), gzip: true);

        Assert.Equal(0, result.GrpcStatus);
        Assert.Equal("grpc-zipped", Assert.Single(receiver.Spans).Name);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(OtlpTransport.Grpc, request.Transport);
        Assert.Equal("gzip", request.ContentEncoding);
        Assert.Equal(GrpcStatusCode.OK, request.GrpcStatus);
    }

    [Fact]
    public async Task EnqueueFailure_UnavailableOnceOverHttp_FailsFirstRequestThenAccepts()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unavailable(retryAfter: TimeSpan.FromMilliseconds(1500)));
        var url = receiver.HttpEndpointFor(OtlpSignal.Traces);

        using var first = await OtlpWire.PostAsync(url, OtlpWire.TraceRequest("refused").ToByteArray());
        using var second = await OtlpWire.PostAsync(url, OtlpWire.TraceRequest("accepted").ToByteArray());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter?.Delta); // whole seconds, rounded up
        var status = RpcStatus.Parser.ParseFrom(await first.Content.ReadAsByteArrayAsync());
        Assert.Equal((int)GrpcStatusCode.Unavailable, status.Code);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        Assert.Collection(
            receiver.Requests,
            failed =>
            {
                Assert.False(failed.Accepted);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.HttpStatus);
                Assert.Equal(1, failed.ItemCount); // decoded for inspection, but not accepted
            },
            succeeded => Assert.True(succeeded.Accepted));
        Assert.Equal(["accepted"], receiver.Spans.Select(s => s.Name));
        Assert.Equal(0, receiver.PendingFailureCount);
    }

    [Fact]
    public async Task EnqueueFailure_TooManyRequestsOverGrpc_SendsStatusPushbackAndRetryInfo()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.TooManyRequests(TimeSpan.FromSeconds(2)));

        var failed = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("throttled"));
        var accepted = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("after-throttle"));

        Assert.Equal((int)GrpcStatusCode.ResourceExhausted, failed.GrpcStatus);
        Assert.Equal("2000", failed["grpc-retry-pushback-ms"]);
        var details = RpcStatus.Parser.ParseFrom(OtlpWire.DecodeBinaryHeader(failed["grpc-status-details-bin"]!));
        Assert.Equal((int)GrpcStatusCode.ResourceExhausted, details.Code);
        var retryInfo = Assert.Single(details.Details).Unpack<RetryInfo>();
        Assert.Equal(TimeSpan.FromSeconds(2), retryInfo.RetryDelay.ToTimeSpan());
        Assert.Equal(0, accepted.GrpcStatus);

        Assert.Equal([GrpcStatusCode.ResourceExhausted, GrpcStatusCode.OK], receiver.Requests.Select(r => r.GrpcStatus));
        Assert.Equal(["after-throttle"], receiver.Spans.Select(s => s.Name));
    }

    [Fact]
    public async Task EnqueueFailure_RestrictedToMetrics_LeavesTracesAlone()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unauthorized(times: 2).ForSignal(OtlpSignal.Metrics));

        using var traces = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), OtlpWire.TraceRequest("unaffected").ToByteArray());
        using var metrics = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Metrics), []);

        Assert.Equal(HttpStatusCode.OK, traces.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
        Assert.Equal(1, receiver.PendingFailureCount);
        Assert.Equal("unaffected", Assert.Single(receiver.Spans).Name);
    }

    [Fact]
    public async Task EnqueueFailure_UnavailableWithOtelGrpcExporter_FailedBatchIsRecordedButNotAccepted()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unavailable().ForSignal(OtlpSignal.Traces));
        var sourceName = UniqueName("failures");
        using var source = new ActivitySource(sourceName);

        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .AddSource(sourceName)
                   .AddOtlpExporter(o => UseReceiver(o, receiver, OtlpExportProtocol.Grpc, OtlpSignal.Traces))
                   .Build())
        {
            source.StartActivity("first")?.Dispose();
            source.StartActivity("second")?.Dispose();
            provider.ForceFlush();
        }

        await receiver.WaitForSpansAsync(spans => spans.Any(s => s.Name == "second"));
        output.WriteLine(receiver.Summarize());

        var failed = receiver.Requests[0];
        Assert.False(failed.Accepted);
        Assert.Equal(GrpcStatusCode.Unavailable, failed.GrpcStatus);
        Assert.Equal("first", Assert.Single(((ExportTraceServiceRequest)failed.Message!).ResourceSpans.Single().ScopeSpans.Single().Spans).Name);

        // Whether the exporter retried "first" or dropped it, nothing from the failed attempt itself was accepted.
        Assert.All(receiver.Spans, s => Assert.True(s.Request.Accepted));
        Assert.Equal(
            receiver.Requests.Where(r => r.Accepted).Sum(r => r.ItemCount),
            receiver.Spans.Count);
    }

    [Fact]
    public async Task RestartAsync_AfterStop_ListensAgainOnSamePortsAndKeepsData()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var url = receiver.HttpEndpointFor(OtlpSignal.Traces);
        using (var before = await OtlpWire.PostAsync(url, OtlpWire.TraceRequest("before").ToByteArray()))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await receiver.StopAsync();
        Assert.False(receiver.IsRunning);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => OtlpWire.PostAsync(url, OtlpWire.TraceRequest("during").ToByteArray()));
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
        AssertNobodyElseCanListenOn(receiver.GrpcEndpoint.Port);
        AssertNobodyElseCanListenOn(url.Port);

        await receiver.RestartAsync();
        Assert.True(receiver.IsRunning);
        Assert.Equal(url, receiver.HttpEndpointFor(OtlpSignal.Traces));
        using (var after = await OtlpWire.PostAsync(url, OtlpWire.TraceRequest("after").ToByteArray()))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        var grpc = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("after-grpc"));
        Assert.Equal(0, grpc.GrpcStatus);
        Assert.Equal(["before", "after", "after-grpc"], receiver.Spans.Select(s => s.Name));
    }

    [Fact]
    public async Task RefusingEndpoint_WhileHeld_RefusesConnectionsAndNobodyElseCanListen()
    {
        using var refusing = RefusingEndpoint.Create();
        using var client = new TcpClient();

        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, refusing.Port));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        AssertNobodyElseCanListenOn(refusing.Port);
        Assert.Equal(new Uri($"http://127.0.0.1:{refusing.Port}/"), refusing.Uri);
    }

    [Fact]
    public async Task WaitForSpansAsync_NothingArrives_ThrowsTimeoutDescribingWhatDidArrive()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using (await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Metrics), []))
        {
        }

        var error = await Assert.ThrowsAsync<TimeoutException>(() => receiver.WaitForSpansAsync(1, TimeSpan.FromMilliseconds(200)));

        Assert.Contains("1 span(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 request(s) (traces 0, metrics 1, logs 0; 0 not accepted)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitUntilAsync_ConditionMetByLaterRequest_Completes()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var waiting = receiver.WaitUntilAsync(r => r.Requests.Count == 2);
        Assert.False(waiting.IsCompleted);

        using (await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), OtlpWire.TraceRequest("one").ToByteArray()))
        using (await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), OtlpWire.TraceRequest("two").ToByteArray()))
        {
        }

        await waiting;
        receiver.Clear();
        Assert.Empty(receiver.Requests);
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task Summarize_AfterMixedTraffic_DescribesEverySignalReadably()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var sourceName = UniqueName("summary");
        using var source = new ActivitySource(sourceName);
        using var meter = new Meter(sourceName);
        receiver.EnqueueFailure(OtlpFailure.BadRequest().ForSignal(OtlpSignal.Logs));

        using (var tracing = Sdk.CreateTracerProviderBuilder()
                   .ConfigureResource(r => r.AddService(ServiceName))
                   .AddSource(sourceName)
                   .AddOtlpExporter(o => UseReceiver(o, receiver, OtlpExportProtocol.Grpc, OtlpSignal.Traces))
                   .Build())
        using (var metering = Sdk.CreateMeterProviderBuilder()
                   .ConfigureResource(r => r.AddService(ServiceName))
                   .AddMeter(sourceName)
                   .AddOtlpExporter((o, _) => UseReceiver(o, receiver, OtlpExportProtocol.HttpProtobuf, OtlpSignal.Metrics))
                   .Build())
        {
            using (var parent = source.StartActivity("GET /orders", ActivityKind.Server))
            {
                using var child = source.StartActivity("SELECT orders", ActivityKind.Client);
                child?.SetStatus(ActivityStatusCode.Error, "timeout");
                child?.AddEvent(new ActivityEvent("retry"));
            }

            meter.CreateCounter<int>("orders.seen").Add(7, new KeyValuePair<string, object?>("region", "eu"));
            tracing.ForceFlush();
            metering.ForceFlush();
        }

        var logs = OtlpWire.LogsRequest("Order 42 placed");
        using (await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Logs), logs.ToByteArray()))
        using (await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Logs), logs.ToByteArray()))
        {
        }

        var summary = receiver.Summarize();
        output.WriteLine(summary);

        Assert.Contains("Traces: 2 spans from 2 requests via gRPC (2); service.name: receiver-tests", summary, StringComparison.Ordinal);
        Assert.Contains("GET /orders [Server]", summary, StringComparison.Ordinal);
        Assert.Contains("    SELECT orders [Client]", summary, StringComparison.Ordinal); // indented under its parent
        Assert.Contains("status=Error (timeout)", summary, StringComparison.Ordinal);
        Assert.Contains("events=[retry]", summary, StringComparison.Ordinal);
        Assert.Contains("orders.seen Sum monotonic", summary, StringComparison.Ordinal);
        Assert.Contains("7 {region=\"eu\"}", summary, StringComparison.Ordinal);
        Assert.Contains("INFO  Order 42 placed {order.id=42}", summary, StringComparison.Ordinal);
        Assert.Contains("Not accepted:", summary, StringComparison.Ordinal);
        Assert.Contains("HTTP /v1/logs -> 400 BadRequest (scripted): Scripted failure injected by OtlpReceiver", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void OtlpValues_ToObject_ConvertsEveryAnyValueKind()
    {
        var list = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue { StringValue = "two" } } } };
        var map = new AnyValue { KvlistValue = new KeyValueList { Values = { OtlpWire.Attribute("nested", new AnyValue { DoubleValue = 0.5 }) } } };

        Assert.Equal("text", OtlpValues.ToObject(new AnyValue { StringValue = "text" }));
        Assert.Equal(true, OtlpValues.ToObject(new AnyValue { BoolValue = true }));
        Assert.Equal(7L, OtlpValues.ToObject(new AnyValue { IntValue = 7 }));
        Assert.Equal(1.5, OtlpValues.ToObject(new AnyValue { DoubleValue = 1.5 }));
        Assert.Equal(new byte[] { 1, 2 }, OtlpValues.ToObject(new AnyValue { BytesValue = ByteString.CopyFrom(1, 2) }));
        Assert.Equal(new object?[] { 1L, "two" }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(OtlpValues.ToObject(list)));
        Assert.Equal(0.5, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(OtlpValues.ToObject(map))["nested"]);
        Assert.Null(OtlpValues.ToObject(new AnyValue()));
        Assert.Null(OtlpValues.ToObject(null));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} is late")]
    private static partial void LogOrderLate(ILogger logger, int orderId);

    private static void UseReceiver(OtlpExporterOptions options, OtlpReceiver receiver, OtlpExportProtocol protocol, OtlpSignal signal)
    {
        options.Protocol = protocol;

        // With HTTP/protobuf an endpoint set in code is used verbatim, so it must be the full signal URL.
        options.Endpoint = protocol == OtlpExportProtocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpEndpointFor(signal);
        options.Headers = "x-test=1";
        options.ExportProcessorType = ExportProcessorType.Simple;
    }

    private static OtlpTransport ExpectedTransport(OtlpExportProtocol protocol) =>
        protocol == OtlpExportProtocol.Grpc ? OtlpTransport.Grpc : OtlpTransport.Http;

    // ActivitySource and Meter listeners are process-wide; unique names keep parallel test classes from seeing each other.
    private static string UniqueName(string purpose) => $"TelemetryFlow.IntegrationTests.{purpose}.{Guid.NewGuid():N}";

    private static void AssertNobodyElseCanListenOn(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        var taken = Assert.Throws<SocketException>(listener.Start);
        Assert.Equal(SocketError.AddressAlreadyInUse, taken.SocketErrorCode);
    }
}
