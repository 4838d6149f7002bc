using System.Net;
using System.Text;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class RetryHintsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string?, TimeSpan?> RetryAfterValues => new()
    {
        { "1", TimeSpan.FromSeconds(1) },
        { "0", TimeSpan.Zero },
        { " 120 ", TimeSpan.FromMinutes(2) },
        { "Tue, 04 Mar 2025 10:00:30 GMT", TimeSpan.FromSeconds(30) },
        { "Tuesday, 04-Mar-25 10:01:00 GMT", TimeSpan.FromMinutes(1) },
        { "Tue Mar 4 10:00:05 2025", TimeSpan.FromSeconds(5) },
        { "Tue, 04 Mar 2025 09:00:00 GMT", TimeSpan.Zero },
        { "99999999999999", TimeSpan.FromDays(1) },
        { "-1", null },
        { "1.5", null },
        { "soon", null },
        { "Tue, 32 Mar 2025 10:00:30 GMT", null },
        { "", null },
        { null, null },
    };

    [Theory]
    [MemberData(nameof(RetryAfterValues))]
    public void ParseRetryAfter_SecondsOrHttpDate_GarbageIsNoHint(string? value, TimeSpan? expected) =>
        Assert.Equal(expected, RetryHints.ParseRetryAfter(value, Now));

    [Theory]
    [InlineData("250", 250)]
    [InlineData("0", 0)]
    [InlineData("-1", -1)]
    public void ParsePushback_Milliseconds_NegativeMeansDoNotRetry(string value, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), RetryHints.ParsePushback(value));

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    public void ParsePushback_Garbage_IsNoHint(string? value) => Assert.Null(RetryHints.ParsePushback(value));

    [Fact]
    public void ParseRetryInfo_StatusWithRetryInfoDetail_ReturnsTheDelay()
    {
        var status = Status(code: 14, message: "busy", Any(RetryHints.RetryInfoTypeUrl, RetryInfo(Duration(seconds: 2, nanos: 500_000_000))));

        Assert.Equal(TimeSpan.FromSeconds(2.5), RetryHints.ParseRetryInfo(status));
    }

    [Fact]
    public void ParseRetryInfo_OtherDetailsFirstAndUnknownFields_AreSkipped()
    {
        var status = Concat(
            Status(code: 8, message: "slow down", Any("type.googleapis.com/google.rpc.DebugInfo", Utf8(1, "stack"))),
            Field(3, Any(RetryHints.RetryInfoTypeUrl, Concat(Varint(7, 42), RetryInfo(Duration(seconds: 3, nanos: 0))))),
            Fixed64Field(9),
            Fixed32Field(10));

        Assert.Equal(TimeSpan.FromSeconds(3), RetryHints.ParseRetryInfo(status));
    }

    [Fact]
    public void ParseRetryInfo_NoRetryInfo_IsNoHint() =>
        Assert.Null(RetryHints.ParseRetryInfo(Status(code: 14, message: "down", Any("type.googleapis.com/google.rpc.ErrorInfo", Utf8(1, "x")))));

    [Fact]
    public void ParseRetryInfo_MillisecondsOnly_AreKept() =>
        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryHints.ParseRetryInfo(Status(14, "x", Any(RetryHints.RetryInfoTypeUrl, RetryInfo(Duration(0, 250_000_000))))));

    [Fact]
    public void ParseRetryInfo_NegativeDuration_IsNoHint() =>
        Assert.Null(RetryHints.ParseRetryInfo(Status(14, "x", Any(RetryHints.RetryInfoTypeUrl, RetryInfo(Duration(-5, 0))))));

    [Fact]
    public void ParseRetryInfo_TruncatedBytes_IsNoHintAndDoesNotThrow()
    {
        var status = Status(code: 14, message: "busy", Any(RetryHints.RetryInfoTypeUrl, RetryInfo(Duration(seconds: 2, nanos: 0))));

        for (var length = 0; length < status.Length; length++)
        {
            Assert.Null(RetryHints.ParseRetryInfo(status.AsSpan(0, length)));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ParseStatusDetails_Base64WithOrWithoutPadding_IsDecoded(bool padded)
    {
        var base64 = Convert.ToBase64String(Status(14, "x", Any(RetryHints.RetryInfoTypeUrl, RetryInfo(Duration(1, 0)))));
        var value = padded ? base64 : base64.TrimEnd('=');

        Assert.Equal(TimeSpan.FromSeconds(1), RetryHints.ParseStatusDetails(value));
    }

    [Theory]
    [InlineData("!!not base64!!")]
    [InlineData("")]
    [InlineData(null)]
    public void ParseStatusDetails_Garbage_IsNoHint(string? value) => Assert.Null(RetryHints.ParseStatusDetails(value));

    [Fact]
    public void From_HttpResponseWithRetryAfter_ReadsIt()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "3");

        Assert.Equal(TimeSpan.FromSeconds(3), RetryHints.From(response, Now));
    }

    [Fact]
    public void From_HttpResponseWithGarbageRetryAfter_HasNoHint()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", "later please");

        Assert.Null(RetryHints.From(response, Now));
    }

    [Fact]
    public void From_GrpcTrailersOnlyWithBothHints_TakesTheLonger()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("grpc-status", "14");
        response.Headers.TryAddWithoutValidation(RetryHints.PushbackHeader, "1500");
        response.Headers.TryAddWithoutValidation(RetryHints.StatusDetailsHeader, Convert.ToBase64String(Status(14, "x", Any(RetryHints.RetryInfoTypeUrl, RetryInfo(Duration(1, 0))))));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), RetryHints.From(response, Now));
    }

    [Fact]
    public void From_GrpcTrailers_ReadsRetryInfo()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "8");
        response.TrailingHeaders.TryAddWithoutValidation(RetryHints.StatusDetailsHeader, Convert.ToBase64String(Status(8, "x", Any(RetryHints.RetryInfoTypeUrl, RetryInfo(Duration(4, 0))))));

        Assert.Equal(TimeSpan.FromSeconds(4), RetryHints.From(response, Now));
    }

    [Fact]
    public void From_GrpcNegativePushback_MeansDoNotRetryWhateverRetryInfoSays()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("grpc-status", "14");
        response.Headers.TryAddWithoutValidation(RetryHints.PushbackHeader, "-1");
        response.Headers.TryAddWithoutValidation(RetryHints.StatusDetailsHeader, Convert.ToBase64String(Status(14, "x", Any(RetryHints.RetryInfoTypeUrl, RetryInfo(Duration(1, 0))))));

        Assert.True(RetryHints.From(response, Now) < TimeSpan.Zero);
    }

    // Hand-built protobuf: google.rpc.Status { int32 code = 1; string message = 2; repeated Any details = 3; }
    private static byte[] Status(int code, string message, byte[] detail) =>
        Concat(Varint(1, (ulong)code), Utf8(2, message), Field(3, detail));

    // google.protobuf.Any { string type_url = 1; bytes value = 2; }
    private static byte[] Any(string typeUrl, byte[] value) => Concat(Utf8(1, typeUrl), Field(2, value));

    // google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1; }
    private static byte[] RetryInfo(byte[] duration) => Field(1, duration);

    // google.protobuf.Duration { int64 seconds = 1; int32 nanos = 2; } (negative values are 10-byte varints)
    private static byte[] Duration(long seconds, int nanos) => Concat(Varint(1, unchecked((ulong)seconds)), Varint(2, unchecked((ulong)(long)nanos)));

    private static byte[] Utf8(int field, string value) => Field(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Field(int field, byte[] value) => Concat(RawVarint(((ulong)field << 3) | 2), RawVarint((ulong)value.Length), value);

    private static byte[] Varint(int field, ulong value) => Concat(RawVarint((ulong)field << 3), RawVarint(value));

    private static byte[] Fixed64Field(int field) => Concat(RawVarint(((ulong)field << 3) | 1), new byte[8]);

    private static byte[] Fixed32Field(int field) => Concat(RawVarint(((ulong)field << 3) | 5), new byte[4]);

    private static byte[] RawVarint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);

        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
