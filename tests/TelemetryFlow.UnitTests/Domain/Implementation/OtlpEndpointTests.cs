using TelemetryFlow.Implementation;

namespace TelemetryFlow.UnitTests.Domain.Implementation;

public sealed class OtlpEndpointTests
{
    [Theory]
    [InlineData("api.telemetryflow.id:4317", false, "https://api.telemetryflow.id:4317/")]
    [InlineData("api.telemetryflow.id:4317", true, "http://api.telemetryflow.id:4317/")]
    [InlineData("  collector.example:4318  ", false, "https://collector.example:4318/")]
    [InlineData("10.1.2.3:1", false, "https://10.1.2.3:1/")]
    [InlineData("[::1]:65535", false, "https://[::1]:65535/")]
    [InlineData("localhost:4317", true, "http://localhost:4317/")]
    [InlineData("https://collector.example", false, "https://collector.example/")]
    [InlineData("http://collector.example:8080/otlp", false, "http://collector.example:8080/otlp")]
    [InlineData("HTTPS://Collector.Example:443/a/b/", false, "https://collector.example/a/b/")]
    public void TryParse_AcceptedForm_ReturnsAbsoluteUrl(string value, bool insecure, string expected)
    {
        Assert.True(OtlpEndpoint.TryParse(value, insecure, out var uri, out var error), error);

        Assert.Equal(expected, uri.AbsoluteUri);
    }

    [Theory]
    [InlineData(null, "is required", true)]
    [InlineData("", "is required", true)]
    [InlineData("   ", "is required", true)]
    [InlineData("collector.example", "with a port from 1 to 65535", true)]
    [InlineData(":4317", "with a port from 1 to 65535", true)]
    [InlineData("collector.example:0", "with a port from 1 to 65535", true)]
    [InlineData("collector.example:65536", "with a port from 1 to 65535", true)]
    [InlineData("collector.example:-1", "with a port from 1 to 65535", true)]
    [InlineData("collector.example:grpc", "with a port from 1 to 65535", true)]
    [InlineData("collector.example/otlp:4317", "with a port from 1 to 65535", true)]
    [InlineData("bad host:4317", "with a port from 1 to 65535", true)]
    [InlineData("grpc://collector.example:4317", "is not valid", true)]
    [InlineData("ftp://collector.example", "is not valid", true)]
    [InlineData("https://", "is not valid", true)]
    [InlineData("https://collector.example:99999", "is not valid", true)]
    [InlineData("https://collector.example/otlp?token=x", "must not carry a query string", false)]
    [InlineData("https://collector.example/otlp#part", "must not carry a query string", false)]
    [InlineData("https://user@collector.example/otlp", "must not carry a query string", false)]
    public void TryParse_RejectedForm_ReturnsSpecificError(string? value, string expected, bool namesAcceptedForms)
    {
        Assert.False(OtlpEndpoint.TryParse(value, insecure: false, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(namesAcceptedForms, error.Contains(OtlpEndpoint.AcceptedForms, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://localhost:4318", true)]
    [InlineData("http://LOCALHOST:4318", true)]
    [InlineData("http://127.0.0.1:4318", true)]
    [InlineData("http://127.10.20.30:4318", true)]
    [InlineData("http://[::1]:4318", true)]
    [InlineData("http://10.0.0.5:4318", false)]
    [InlineData("http://collector.example:4318", false)]
    [InlineData("http://localhost.example.com:4318", false)]
    public void IsLoopback_Host_IsTrueOnlyForLoopback(string url, bool expected)
    {
        Assert.Equal(expected, OtlpEndpoint.IsLoopback(new Uri(url)));
    }
}
