using TelemetryFlow.Application.Status;

namespace TelemetryFlow.UnitTests.Application.Status;

/// <summary>One hint per kind of failure reason, the same text the SDK logs and doctor prints.</summary>
public sealed class ExportFailureHintsTests
{
    public static TheoryData<string, string> Reasons => new()
    {
        { "HTTP 401 Unauthorized: credentials rejected by the backend", ExportFailureHints.CheckCredentials },
        { "gRPC status UNAUTHENTICATED (16): credentials rejected by the backend", ExportFailureHints.CheckCredentials },
        { "connection failed: ConnectionRefused (127.0.0.1:4318)", ExportFailureHints.ConnectionRefused },
        { "connection failed: HostNotFound (collector.example:4317)", ExportFailureHints.HostNotFound },
        { "request failed: NameResolutionError (collector.example:4317)", ExportFailureHints.HostNotFound },
        { "TLS handshake failed (collector.example:4317)", ExportFailureHints.TlsAdvice },
        { "the export request timed out or was cancelled", "did not answer within" },
        { "circuit breaker open: the backend is not called until 2026-12-06T00:00:00Z", "circuit breaker holds exports back" },
        { "HTTP 502 Bad Gateway", ExportFailureHints.CheckProtocolAndPort },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void For_Reason_GivesItsHint(string reason, string expected)
    {
        var hint = ExportFailureHints.For(reason, TestConfigs.ValidBuilder().Build());

        Assert.Contains(expected, hint, StringComparison.Ordinal);
    }

    [Fact]
    public void For_Http404OverHttp_PointsAtThePathAndApiVersion()
    {
        var hint = ExportFailureHints.For("HTTP 404 Not Found", TestConfigs.ValidBuilder().WithHttp().Build());

        Assert.Contains("/v1/traces", hint, StringComparison.Ordinal);
        Assert.Contains(TelemetryFlowEnvironmentVariables.UseV2Api, hint, StringComparison.Ordinal);
    }
}
