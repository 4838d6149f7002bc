using System.Net;
using Google.Protobuf;
using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Otlp.Collector.Metrics.V1;
using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Metrics.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace TelemetryFlow.IntegrationTests.Receiver;

/// <summary>
/// <see cref="OtlpReceiverMode.TelemetryFlowCollector"/> at the wire: each test sends what an exporter could send and
/// checks the answer telemetryflow-collector 1.2.2 gives (see the ingestion contract in the shared notes).
/// </summary>
public sealed class OtlpReceiverCollectorModeTests
{
    private const string KeyHeader = "X-TelemetryFlow-Key-ID";
    private const string SecretHeader = "X-TelemetryFlow-Key-Secret";
    private const string AllowedKey = "tfk_allowed0123456789abcdefghijklmnop";

    private static readonly OtlpReceiverOptions Collector = new() { Mode = OtlpReceiverMode.TelemetryFlowCollector };

    public static TheoryData<string, OtlpSignal> VersionsAndSignals => new()
    {
        { "v1", OtlpSignal.Traces }, { "v1", OtlpSignal.Metrics }, { "v1", OtlpSignal.Logs },
        { "v2", OtlpSignal.Traces }, { "v2", OtlpSignal.Metrics }, { "v2", OtlpSignal.Logs },
    };

    [Theory]
    [MemberData(nameof(VersionsAndSignals))]
    public async Task CollectorMode_ProtobufBody_Answers200JsonEmptyObjectAndKeepsData(string version, OtlpSignal signal)
    {
        await using var receiver = await OtlpReceiver.StartAsync(Collector);

        using var response = await OtlpWire.PostAsync(Url(receiver, version, signal), RequestOf(signal).ToByteArray(), headers: [new(KeyHeader, AllowedKey)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var request = Assert.Single(receiver.Requests);
        Assert.True(request.Accepted);
        Assert.Equal(signal, request.Signal);
        Assert.Equal($"/{version}/{Segment(signal)}", request.Path);
        Assert.Equal(1, request.ItemCount);
    }

    [Theory]
    [MemberData(nameof(VersionsAndSignals))]
    public async Task CollectorMode_GzipBody_Answers400FailedToUnmarshalAndKeepsNothing(string version, OtlpSignal signal)
    {
        await using var receiver = await OtlpReceiver.StartAsync(Collector);
        var body = OtlpWire.Gzip(RequestOf(signal).ToByteArray());

        using var response = await OtlpWire.PostAsync(Url(receiver, version, signal), body, contentEncoding: "gzip", headers: [new(KeyHeader, AllowedKey)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Failed to unmarshal", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var request = Assert.Single(receiver.Requests);
        Assert.False(request.Accepted);
        Assert.Equal("gzip", request.ContentEncoding);
        Assert.Equal(HttpStatusCode.BadRequest, request.HttpStatus);
        Assert.Empty(receiver.Spans);
        Assert.Empty(receiver.Metrics);
        Assert.Empty(receiver.Logs);
    }

    [Theory]
    [InlineData("application/json", HttpStatusCode.BadRequest)] // not decoded here; documented
    [InlineData("application/json; charset=utf-8", HttpStatusCode.OK)] // not exactly JSON: read as protobuf
    [InlineData("text/plain", HttpStatusCode.OK)] // likewise
    public async Task CollectorMode_ContentType_OnlyExactJsonEscapesProtobufDecoding(string contentType, HttpStatusCode expected)
    {
        await using var receiver = await OtlpReceiver.StartAsync(Collector);

        using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), OtlpWire.TraceRequest("typed").ToByteArray(), contentType);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, receiver.Spans.Count);
    }

    public static TheoryData<string?, string?, string?, HttpStatusCode> KeyChecks => new()
    {
        // key id sent, secret sent, secret required, answer
        { null, null, null, HttpStatusCode.Unauthorized },
        { "key_without_prefix", null, null, HttpStatusCode.Unauthorized },
        { "tfk_not_in_the_allowed_list", null, null, HttpStatusCode.Forbidden },
        { AllowedKey, null, null, HttpStatusCode.OK },
        { AllowedKey, "tfs_wrong", null, HttpStatusCode.OK }, // the secret is not checked unless required
        { AllowedKey, null, "tfs_right", HttpStatusCode.Unauthorized },
        { AllowedKey, "tfs_wrong", "tfs_right", HttpStatusCode.Unauthorized },
        { AllowedKey, "tfs_right", "tfs_right", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(KeyChecks))]
    public async Task CollectorMode_V2Key_IsCheckedAsConfigured(string? keyId, string? secret, string? requiredSecret, HttpStatusCode expected)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            Mode = OtlpReceiverMode.TelemetryFlowCollector,
            AllowedKeyIds = [AllowedKey],
            RequiredKeySecret = requiredSecret,
        });
        var headers = new List<KeyValuePair<string, string>>();
        if (keyId is not null)
        {
            headers.Add(new(KeyHeader, keyId));
        }

        if (secret is not null)
        {
            headers.Add(new(SecretHeader, secret));
        }

        using var response = await OtlpWire.PostAsync(Url(receiver, "v2", OtlpSignal.Traces), OtlpWire.TraceRequest("keyed").ToByteArray(), headers: headers);

        Assert.Equal(expected, response.StatusCode);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(expected, request.HttpStatus);
        Assert.Equal(expected == HttpStatusCode.OK, request.Accepted);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, receiver.Spans.Count);
    }

    [Fact]
    public async Task CollectorMode_V1WithoutKey_IsOpen()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            Mode = OtlpReceiverMode.TelemetryFlowCollector,
            AllowedKeyIds = [AllowedKey],
            RequiredKeySecret = "tfs_right",
        });

        using var response = await OtlpWire.PostAsync(Url(receiver, "v1", OtlpSignal.Traces), OtlpWire.TraceRequest("open").ToByteArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("open", Assert.Single(receiver.Spans).Name);
    }

    public static TheoryData<string, string> OtherMethods => new()
    {
        { "GET", "v1" }, { "PUT", "v1" }, { "DELETE", "v1" }, { "PATCH", "v2" }, { "GET", "v2" },
    };

    [Theory]
    [MemberData(nameof(OtherMethods))]
    public async Task CollectorMode_MethodOtherThanPost_Answers405(string method, string version)
    {
        await using var receiver = await OtlpReceiver.StartAsync(Collector);

        using var response = await OtlpWire.SendAsync(new HttpMethod(method), Url(receiver, version, OtlpSignal.Logs), body: null, headers: [new(KeyHeader, AllowedKey)]);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        var request = Assert.Single(receiver.Requests);
        Assert.False(request.Accepted);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, request.HttpStatus);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CollectorMode_GrpcMessageOver4MiBDecompressed_FailsResourceExhausted(bool gzip)
    {
        await using var receiver = await OtlpReceiver.StartAsync(Collector);

        // A repetitive attribute: gzip makes it tiny on the wire, so only a check after decompression catches it.
        var request = OtlpWire.TraceRequest("huge");
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(OtlpWire.Attribute("blob", new string('x', OtlpReceiverOptions.DefaultMaxGrpcMessageSize)));
        Assert.True(request.CalculateSize() > OtlpReceiverOptions.DefaultMaxGrpcMessageSize);

        var result = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, request, gzip);

        Assert.Equal((int)GrpcStatusCode.ResourceExhausted, result.GrpcStatus);
        Assert.Contains("larger than max", Uri.UnescapeDataString(result["grpc-message"] ?? string.Empty), StringComparison.Ordinal);
        var recorded = Assert.Single(receiver.Requests);
        Assert.Equal(GrpcStatusCode.ResourceExhausted, recorded.GrpcStatus);
        Assert.False(recorded.Accepted);
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CollectorMode_GrpcMessageAtLimitWithoutKey_IsAccepted(bool gzip)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { Mode = OtlpReceiverMode.TelemetryFlowCollector, MaxGrpcMessageSize = 64 * 1024 });
        var request = OtlpWire.TraceRequest("fits");
        var attribute = OtlpWire.Attribute("blob", string.Empty);
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(attribute);
        for (var attempt = 0; attempt < 5 && request.CalculateSize() != 64 * 1024; attempt++)
        {
            // Every enclosing length prefix grows with the string, so aim, measure and correct.
            attribute.Value.StringValue = new string('x', attribute.Value.StringValue.Length + (64 * 1024) - request.CalculateSize());
        }

        Assert.Equal(64 * 1024, request.CalculateSize());

        var result = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, request, gzip);

        Assert.Equal(0, result.GrpcStatus);
        Assert.Equal("fits", Assert.Single(receiver.Spans).Name);
    }

    [Fact]
    public async Task CollectorMode_HttpBodyOverConfiguredLimit_Answers400()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { Mode = OtlpReceiverMode.TelemetryFlowCollector, MaxHttpRequestBodySize = 1024 });
        var request = OtlpWire.TraceRequest("big");
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(OtlpWire.Attribute("blob", new string('x', 2048)));

        using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), request.ToByteArray());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("request body too large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task CollectorMode_ScriptedFailure_Answers500OverHttpAndItsOwnStatusOverGrpc()
    {
        await using var receiver = await OtlpReceiver.StartAsync(Collector);
        receiver.EnqueueFailure(OtlpFailure.Unavailable(times: 2));

        using var http = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), OtlpWire.TraceRequest("failed-http").ToByteArray());
        var grpc = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("failed-grpc"));

        Assert.Equal(HttpStatusCode.InternalServerError, http.StatusCode);
        Assert.Equal((int)GrpcStatusCode.Unavailable, grpc.GrpcStatus);
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.OK], receiver.Requests.Select(r => r.HttpStatus));
        Assert.All(receiver.Requests, r => Assert.False(r.Accepted));
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public void Options_Defaults_AreTheCollectorsAndGenericMode()
    {
        var options = new OtlpReceiverOptions();

        Assert.Equal(OtlpReceiverMode.Generic, options.Mode);
        Assert.Equal(4 * 1024 * 1024, options.MaxGrpcMessageSize);
        Assert.Equal(20L * 1024 * 1024, options.MaxHttpRequestBodySize);
        Assert.Null(options.AllowedKeyIds);
        Assert.Null(options.RequiredKeySecret);
        Assert.Null(options.RateLimit);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Equal(100, new OtlpRateLimit().PermitLimit);
        Assert.Equal(TimeSpan.FromSeconds(60), new OtlpRateLimit().Window);
    }

    public static TheoryData<OtlpReceiverOptions> InvalidOptions => new()
    {
        new OtlpReceiverOptions { Mode = (OtlpReceiverMode)7 },
        new OtlpReceiverOptions { MaxGrpcMessageSize = 0 },
        new OtlpReceiverOptions { MaxHttpRequestBodySize = -1 },
        new OtlpReceiverOptions { RateLimit = new OtlpRateLimit { PermitLimit = 0 } },
        new OtlpReceiverOptions { RateLimit = new OtlpRateLimit { Window = TimeSpan.Zero } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task StartAsync_InvalidOptions_ThrowsBeforeListening(OtlpReceiverOptions options) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OtlpReceiver.StartAsync(options));

    private static Uri Url(OtlpReceiver receiver, string version, OtlpSignal signal) => new(receiver.HttpEndpoint, $"{version}/{Segment(signal)}");

    private static string Segment(OtlpSignal signal) => signal.ToString().ToLowerInvariant();

    private static IMessage RequestOf(OtlpSignal signal) => signal switch
    {
        OtlpSignal.Traces => OtlpWire.TraceRequest("collector"),
        OtlpSignal.Logs => OtlpWire.LogsRequest("collector"),
        _ => new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    ScopeMetrics =
                    {
                        new ScopeMetrics
                        {
                            Scope = new InstrumentationScope { Name = "wire" },
                            Metrics = { new Metric { Name = "collector.gauge", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsInt = 1 } } } } },
                        },
                    },
                },
            },
        },
    };
}
