using OpenTelemetry.Exporter;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Export;

public sealed class OtlpExporterOptionsFactoryTests
{
    [Theory]
    [InlineData(SignalType.Traces)]
    [InlineData(SignalType.Metrics)]
    [InlineData(SignalType.Logs)]
    public void Create_Grpc_UsesTheConfiguredEndpointTimeoutAndNoHeaders(SignalType signal)
    {
        var config = TestRuntimes.Builder().WithTimeout(TimeSpan.FromSeconds(7)).Build();

        var options = OtlpExporterOptionsFactory.Create(config, signal, new SignalStatistics(signal, TimeProvider.System));

        Assert.Equal(OtlpExportProtocol.Grpc, options.Protocol);
        Assert.Equal(config.GetSignalEndpoint(signal), options.Endpoint);
        Assert.Equal(7000, options.TimeoutMilliseconds);
        Assert.Null(options.Headers);
    }

    [Fact]
    public void Create_HttpWithGzip_UsesHttpProtobufAndCompression()
    {
        var config = TestRuntimes.Builder().WithHttp().WithEndpoint("http://127.0.0.1:4318").WithCompression(ExportCompression.Gzip).Build();

        var options = OtlpExporterOptionsFactory.Create(config, SignalType.Logs, new SignalStatistics(SignalType.Logs, TimeProvider.System));

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, options.Protocol);
        Assert.Equal(OtlpExportCompression.GZip, options.Compression);
        Assert.Equal(config.GetSignalEndpoint(SignalType.Logs), options.Endpoint);
    }

    [Fact]
    public void HttpClientFactory_CreatesAClientWithTheExportTimeout()
    {
        var config = TestRuntimes.Builder().WithTimeout(TimeSpan.FromSeconds(9)).Build();
        var options = OtlpExporterOptionsFactory.Create(config, SignalType.Traces, new SignalStatistics(SignalType.Traces, TimeProvider.System));

        using var client = options.HttpClientFactory();

        Assert.Equal(TimeSpan.FromSeconds(9), client.Timeout);
    }
}
