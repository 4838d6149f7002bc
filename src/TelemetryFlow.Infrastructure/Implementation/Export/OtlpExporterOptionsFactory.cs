using OpenTelemetry.Exporter;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>Translates a <see cref="TelemetryConfig"/> into OTLP exporter options for one signal.</summary>
internal static class OtlpExporterOptionsFactory
{
    public static OtlpExporterOptions Create(TelemetryConfig config, SignalType signal, SignalStatistics statistics) => new()
    {
        Protocol = config.Protocol == Protocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,

        // With HttpProtobuf an endpoint set in code is used as-is, so this is the full signal URL.
        Endpoint = config.GetSignalEndpoint(signal),
        TimeoutMilliseconds = (int)config.ExportTimeout.TotalMilliseconds,
        Compression = config.Compression == ExportCompression.Gzip ? OtlpExportCompression.GZip : OtlpExportCompression.None,

        // The config is the single source of truth: ignore OTEL_EXPORTER_OTLP_HEADERS from the process.
        Headers = null,
        UserAgentProductIdentifier = $"{TelemetryConfig.DistroName}/{TelemetryConfig.DistroVersion}",
        HttpClientFactory = () => new HttpClient(
            new ExportRequestHandler(config.ExportHeaders, statistics, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }),
            disposeHandler: true)
        {
            Timeout = config.ExportTimeout,
        },
    };
}
