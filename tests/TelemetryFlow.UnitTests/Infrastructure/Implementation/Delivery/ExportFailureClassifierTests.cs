using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class ExportFailureClassifierTests
{
    [Theory]
    [InlineData(200, nameof(FailureKind.None))]
    [InlineData(202, nameof(FailureKind.None))]
    [InlineData(429, nameof(FailureKind.Transient))]
    [InlineData(502, nameof(FailureKind.Transient))]
    [InlineData(503, nameof(FailureKind.Transient))]
    [InlineData(504, nameof(FailureKind.Transient))]
    [InlineData(400, nameof(FailureKind.Permanent))]
    [InlineData(401, nameof(FailureKind.Permanent))]
    [InlineData(403, nameof(FailureKind.Permanent))]
    [InlineData(413, nameof(FailureKind.Permanent))]
    [InlineData(404, nameof(FailureKind.Other))]
    [InlineData(408, nameof(FailureKind.Other))]
    [InlineData(500, nameof(FailureKind.Other))]
    [InlineData(501, nameof(FailureKind.Other))]
    public void ClassifyHttpStatus_EachStatus_RetriedOnlyWhenTransient(int status, string kind)
    {
        var expected = Enum.Parse<FailureKind>(kind);
        Assert.Equal(expected, ExportFailureClassifier.ClassifyHttpStatus(status));

        using var response = new HttpResponseMessage((HttpStatusCode)status);
        Assert.Equal(expected, ExportFailureClassifier.Classify(response));
    }

    [Theory]
    [InlineData(0, nameof(FailureKind.None))]
    [InlineData(1, nameof(FailureKind.Other))]
    [InlineData(2, nameof(FailureKind.Other))]
    [InlineData(3, nameof(FailureKind.Permanent))]
    [InlineData(4, nameof(FailureKind.Transient))]
    [InlineData(5, nameof(FailureKind.Other))]
    [InlineData(6, nameof(FailureKind.Other))]
    [InlineData(7, nameof(FailureKind.Permanent))]
    [InlineData(8, nameof(FailureKind.Transient))]
    [InlineData(9, nameof(FailureKind.Other))]
    [InlineData(10, nameof(FailureKind.Transient))]
    [InlineData(11, nameof(FailureKind.Other))]
    [InlineData(12, nameof(FailureKind.Other))]
    [InlineData(13, nameof(FailureKind.Other))]
    [InlineData(14, nameof(FailureKind.Transient))]
    [InlineData(15, nameof(FailureKind.Other))]
    [InlineData(16, nameof(FailureKind.Permanent))]
    public void ClassifyGrpcStatus_EachCode_RetriedOnlyWhenTransient(int code, string kind)
    {
        var expected = Enum.Parse<FailureKind>(kind);
        Assert.Equal(expected, ExportFailureClassifier.ClassifyGrpcStatus(code));

        // An answer without a retry hint: RESOURCE_EXHAUSTED is then the collector's size limit (see the test below).
        expected = code == 8 ? FailureKind.Permanent : expected;
        using var trailersOnly = GrpcResponse();
        trailersOnly.Headers.TryAddWithoutValidation("grpc-status", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, ExportFailureClassifier.Classify(trailersOnly));

        using var withTrailers = GrpcResponse();
        withTrailers.TrailingHeaders.TryAddWithoutValidation("grpc-status", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, ExportFailureClassifier.Classify(withTrailers));
    }

    [Theory]
    [InlineData(null, nameof(FailureKind.Permanent))]
    [InlineData("grpc-retry-pushback-ms", nameof(FailureKind.Transient))]
    public void Classify_ResourceExhausted_IsTransientOnlyWithARetryHint(string? hintHeader, string kind)
    {
        using var response = GrpcResponse();
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "8");
        if (hintHeader is not null)
        {
            response.TrailingHeaders.TryAddWithoutValidation(hintHeader, "100");
        }

        Assert.Equal(Enum.Parse<FailureKind>(kind), ExportFailureClassifier.Classify(response));
    }

    public static TheoryData<string, Exception, string> Exceptions => new()
    {
        { "connection refused", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), nameof(FailureKind.Transient) },
        { "connection reset", new HttpRequestException(HttpRequestError.ConnectionError, "reset"), nameof(FailureKind.Transient) },
        { "name resolution", new HttpRequestException(HttpRequestError.NameResolutionError, "dns"), nameof(FailureKind.Transient) },
        { "tls handshake", new HttpRequestException("tls", new AuthenticationException("bad certificate")), nameof(FailureKind.Other) },
        { "connect timeout", new TaskCanceledException("connect timeout"), nameof(FailureKind.Transient) },
        { "bug", new InvalidOperationException("bug"), nameof(FailureKind.Other) },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Classify_Exception_ConnectionFailuresAreTransient(string scenario, Exception exception, string kind) =>
        Assert.True(Enum.Parse<FailureKind>(kind) == ExportFailureClassifier.Classify(exception), scenario);

    [Theory]
    [InlineData(401, null, true)]
    [InlineData(403, null, true)]
    [InlineData(400, null, false)]
    [InlineData(503, null, false)]
    [InlineData(200, "16", true)]
    [InlineData(200, "7", true)]
    [InlineData(200, "14", false)]
    public void IsCredentialsRejection_AuthFailures_AreRecognized(int status, string? grpcStatus, bool expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (grpcStatus is not null)
        {
            response.Headers.TryAddWithoutValidation("grpc-status", grpcStatus);
        }

        Assert.Equal(expected, ExportFailureClassifier.IsCredentialsRejection(response));
    }

    [Fact]
    public void Classify_GrpcResponseWithoutStatus_IsNotAFailure()
    {
        using var response = GrpcResponse();

        Assert.Equal(FailureKind.None, ExportFailureClassifier.Classify(response));
        Assert.Null(ExportFailureClassifier.GrpcStatus(response));
    }

    private static HttpResponseMessage GrpcResponse()
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        response.Content.Headers.ContentType = new("application/grpc");
        return response;
    }
}
