using System.Globalization;
using System.Net;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Otlp.Rpc;
using GrpcStatusCode = Grpc.Core.StatusCode;
using RpcStatus = TelemetryFlow.Testing.Otlp.Rpc.Status;

namespace TelemetryFlow.IntegrationTests.Receiver;

/// <summary>
/// <see cref="OtlpReceiverOptions.RateLimit"/>: the backend's fixed window per API key, on a fake clock so a window ends
/// without waiting.
/// </summary>
public sealed class OtlpReceiverRateLimitTests
{
    private const string KeyHeader = "X-TelemetryFlow-Key-ID";
    private const string Key = "tfk_ratelimited0123456789abcdefghijklmn";
    private const int Limit = 2;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);

    public static TheoryData<OtlpReceiverMode, string> ModesAndVersions => new()
    {
        { OtlpReceiverMode.Generic, "v1" },
        { OtlpReceiverMode.TelemetryFlowCollector, "v1" },
        { OtlpReceiverMode.TelemetryFlowCollector, "v2" },
    };

    [Theory]
    [MemberData(nameof(ModesAndVersions))]
    public async Task RateLimit_OverLimitOverHttp_Answers429WithRetryAfterAndRateLimitHeaders(OtlpReceiverMode mode, string version)
    {
        await using var receiver = await StartAsync(mode);
        var url = new Uri(receiver.HttpEndpoint, $"{version}/traces");
        var reset = (Start + Window).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        using var first = await PostAsync(url, "first");
        using var second = await PostAsync(url, "second");
        _time.Advance(TimeSpan.FromSeconds(20.5));
        using var refused = await PostAsync(url, "refused");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        AssertRateLimitHeaders(first, remaining: "1", reset);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        AssertRateLimitHeaders(second, remaining: "0", reset);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        AssertRateLimitHeaders(refused, remaining: "0", reset);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.Headers.RetryAfter?.Delta); // 39.5 s to the window end, rounded up

        Assert.Equal(["first", "second"], receiver.Spans.Select(s => s.Name));
        Assert.Equal(1, receiver.RateLimitedRequestCount);
        var rejected = receiver.Requests[2];
        Assert.False(rejected.Accepted);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.HttpStatus);
        Assert.Null(rejected.Message);
        Assert.Equal(Start + TimeSpan.FromSeconds(20.5), rejected.ReceivedAt);
    }

    [Theory]
    [MemberData(nameof(ModesAndVersions))]
    public async Task RateLimit_WindowEnds_KeyGetsAFreshBudget(OtlpReceiverMode mode, string version)
    {
        await using var receiver = await StartAsync(mode);
        var url = new Uri(receiver.HttpEndpoint, $"{version}/logs");
        for (var i = 0; i <= Limit; i++)
        {
            using var spent = await PostAsync(url, $"spent-{i}", logs: true);
        }

        _time.Advance(Window);
        using var fresh = await PostAsync(url, "fresh", logs: true);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        AssertRateLimitHeaders(fresh, remaining: "1", (Start + Window + Window).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(["spent-0", "spent-1", "fresh"], receiver.Logs.Select(l => l.BodyText));
        Assert.Equal(1, receiver.RateLimitedRequestCount);
    }

    [Fact]
    public async Task RateLimit_TwoKeys_HaveSeparateBudgets()
    {
        await using var receiver = await StartAsync(OtlpReceiverMode.TelemetryFlowCollector);
        var url = receiver.HttpEndpointFor(OtlpSignal.Traces);
        for (var i = 0; i < Limit; i++)
        {
            using var spent = await PostAsync(url, $"spent-{i}");
        }

        using var sameKey = await PostAsync(url, "same-key");
        using var otherKey = await PostAsync(url, "other-key", key: "tfk_other");
        using var noKey = await OtlpWire.PostAsync(url, OtlpWire.TraceRequest("no-key").ToByteArray());

        Assert.Equal(HttpStatusCode.TooManyRequests, sameKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, noKey.StatusCode); // requests without a key share a budget of their own
        Assert.Equal(["spent-0", "spent-1", "other-key", "no-key"], receiver.Spans.Select(s => s.Name));
    }

    [Theory]
    [InlineData(OtlpReceiverMode.Generic, false)]
    [InlineData(OtlpReceiverMode.TelemetryFlowCollector, false)]
    [InlineData(OtlpReceiverMode.TelemetryFlowCollector, true)]
    public async Task RateLimit_OverLimitOverGrpc_FailsResourceExhaustedWithRetryHints(OtlpReceiverMode mode, bool countSpansOnly)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            Mode = mode,
            CountSpansOnly = countSpansOnly,
            RateLimit = new OtlpRateLimit { PermitLimit = Limit, Window = Window },
            TimeProvider = _time,
        });
        KeyValuePair<string, string>[] key = [new(KeyHeader, Key)];

        var first = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("first"), headers: key);
        await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("second"), headers: key);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        var refused = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("refused"), headers: key);
        _time.Advance(Window);
        var fresh = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, OtlpWire.TraceRequest("fresh"), headers: key);

        Assert.Equal(0, first.GrpcStatus);
        Assert.Equal("1", first["x-ratelimit-remaining"]);
        Assert.Equal((int)GrpcStatusCode.ResourceExhausted, refused.GrpcStatus);
        Assert.Equal("60", refused["retry-after"]); // 59.5 s, rounded up
        Assert.Equal("59500", refused["grpc-retry-pushback-ms"]);
        Assert.Equal("2", refused["x-ratelimit-limit"]);
        Assert.Equal("0", refused["x-ratelimit-remaining"]);
        Assert.Equal((Start + Window).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), refused["x-ratelimit-reset"]);
        var details = RpcStatus.Parser.ParseFrom(OtlpWire.DecodeBinaryHeader(refused["grpc-status-details-bin"]!));
        Assert.Equal(TimeSpan.FromSeconds(59.5), Assert.Single(details.Details).Unpack<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal(0, fresh.GrpcStatus);

        Assert.Equal([GrpcStatusCode.OK, GrpcStatusCode.OK, GrpcStatusCode.ResourceExhausted, GrpcStatusCode.OK], receiver.Requests.Select(r => r.GrpcStatus));
        Assert.Equal(3, receiver.AcceptedSpanCount);
        Assert.Equal(1, receiver.RateLimitedRequestCount);
    }

    [Fact]
    public async Task RateLimit_RejectedCollectorV2Key_DoesNotSpendTheBudget()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            Mode = OtlpReceiverMode.TelemetryFlowCollector,
            AllowedKeyIds = [Key],
            RateLimit = new OtlpRateLimit { PermitLimit = 1, Window = Window },
            TimeProvider = _time,
        });
        var url = new Uri(receiver.HttpEndpoint, "v2/traces");

        using var forbidden = await PostAsync(url, "forbidden", key: "tfk_unknown");
        using var forbiddenAgain = await PostAsync(url, "forbidden-again", key: "tfk_unknown");
        using var allowed = await PostAsync(url, "allowed");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenAgain.StatusCode); // the key check comes before the limiter
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(0, receiver.RateLimitedRequestCount);
    }

    private static void AssertRateLimitHeaders(HttpResponseMessage response, string remaining, string reset)
    {
        Assert.Equal(Limit.ToString(CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-RateLimit-Limit")));
        Assert.Equal(remaining, Assert.Single(response.Headers.GetValues("X-RateLimit-Remaining")));
        Assert.Equal(reset, Assert.Single(response.Headers.GetValues("X-RateLimit-Reset")));
    }

    private static Task<HttpResponseMessage> PostAsync(Uri url, string name, bool logs = false, string key = Key) =>
        OtlpWire.PostAsync(url, logs ? OtlpWire.LogsRequest(name).ToByteArray() : OtlpWire.TraceRequest(name).ToByteArray(), headers: [new(KeyHeader, key)]);

    private Task<OtlpReceiver> StartAsync(OtlpReceiverMode mode) => OtlpReceiver.StartAsync(new OtlpReceiverOptions
    {
        Mode = mode,
        RateLimit = new OtlpRateLimit { PermitLimit = Limit, Window = Window },
        TimeProvider = _time,
    });
}
