using OpenTelemetry.Exporter;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>Translates a <see cref="TelemetryConfig"/> into OTLP exporter options for one signal.</summary>
/// <remarks>
/// The exporter sends through the HttpClient made here, for gRPC and HTTP alike, so that is where the
/// SDK's resilience lives. Handler chain, outermost first: <see cref="DeliveryHandler"/> (circuit breaker,
/// retry with backoff within the export timeout, disk storage of what still failed), then
/// <see cref="ExportRequestHandler"/> (TelemetryFlow headers on every attempt, failure reasons), then the
/// socket transport. The OpenTelemetry exporter's own experimental retry stays off: nothing here sets
/// <c>OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY</c>, so there is no retry on top of ours.
/// </remarks>
internal static class OtlpExporterOptionsFactory
{
    public static OtlpExporterOptions Create(TelemetryConfig config, SignalType signal, SignalStatistics statistics, ExportDelivery? delivery = null) => new()
    {
        Protocol = config.Protocol == Protocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,

        // With HttpProtobuf an endpoint set in code is used as-is, so this is the full signal URL.
        Endpoint = config.GetSignalEndpoint(signal),
        TimeoutMilliseconds = (int)config.ExportTimeout.TotalMilliseconds,
        Compression = config.Compression == ExportCompression.Gzip ? OtlpExportCompression.GZip : OtlpExportCompression.None,

        // The config is the single source of truth: ignore OTEL_EXPORTER_OTLP_HEADERS from the process.
        Headers = null,
        UserAgentProductIdentifier = $"{TelemetryConfig.DistroName}/{TelemetryConfig.DistroVersion}",
        HttpClientFactory = () =>
        {
            HttpMessageHandler handler = new ExportRequestHandler(config.GetExportHeaders(signal), statistics, CreateTransport(delivery is null ? ExportTls.Load(config) : delivery.Tls));
            if (delivery is not null)
            {
                handler = delivery.CreateHandler(signal, statistics, handler);
            }

            // With the delivery handler, it applies the export timeout to each request's attempts and backoff, and a
            // request held for the key's request budget waits longer; without it, the timeout bounds the request.
            return new HttpClient(handler, disposeHandler: true) { Timeout = delivery is null ? config.ExportTimeout : Timeout.InfiniteTimeSpan };
        },
    };

    /// <summary>The socket transport under every export and replay request.</summary>
    /// <param name="tls">The configured CA and client certificate, if any.</param>
    public static HttpMessageHandler CreateTransport(ExportTls? tls = null)
    {
        var transport = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),

            // The collector's requests are the SDK's, not the app's outgoing HTTP traffic.
            MeterFactory = ExportMeterFactory.Instance,
        };
        tls?.Apply(transport);
        return transport;
    }
}
