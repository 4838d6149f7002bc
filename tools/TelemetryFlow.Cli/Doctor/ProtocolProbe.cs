using System.Net;
using System.Net.Http.Headers;

namespace TelemetryFlow.Cli.Doctor;

/// <summary>
/// Asks an endpoint which OTLP transport it speaks, with an empty export request that carries no credentials:
/// even a "401" or "UNAUTHENTICATED" answer shows the shape of the protocol.
/// </summary>
internal static class ProtocolProbe
{
    private const string GrpcTraceExportPath = "opentelemetry.proto.collector.trace.v1.TraceService/Export";

    /// <summary>What a probe found: whether the transport answered, and how.</summary>
    internal sealed record Finding(bool Speaks, string Detail);

    /// <summary>POSTs an empty OTLP/HTTP traces request to <c>{base}/{version}/traces</c> over HTTP/1.1.</summary>
    public static async Task<Finding> HttpAsync(Uri endpoint, string version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = new UriBuilder(endpoint) { Path = $"{endpoint.AbsolutePath.TrimEnd('/')}/{version}/traces" }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
            Content = new ByteArrayContent([]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        var response = await SendAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new Finding(false, $"no HTTP/1.1 answer at {url}");
        }

        using (response)
        {
            var grpcShaped = IsGrpc(response);
            var code = (int)response.StatusCode;
            return new Finding(!grpcShaped && response.StatusCode != HttpStatusCode.NotFound, $"POST {url} answered HTTP {code}{(grpcShaped ? " (a gRPC response)" : string.Empty)}");
        }
    }

    /// <summary>Calls the OTLP gRPC trace service with an empty request over HTTP/2 (prior knowledge without TLS, ALPN with TLS).</summary>
    public static async Task<Finding> GrpcAsync(Uri endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = new Uri(endpoint, GrpcTraceExportPath);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,

            // One uncompressed, empty gRPC message: a valid, empty ExportTraceServiceRequest.
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        var response = await SendAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new Finding(false, $"no gRPC (HTTP/2) answer at {endpoint}");
        }

        using (response)
        {
            return IsGrpc(response)
                ? new Finding(true, $"{endpoint} answered the gRPC trace service")
                : new Finding(false, $"{endpoint} answered HTTP {(int)response.StatusCode} without gRPC status");
        }
    }

    private static async Task<HttpResponseMessage?> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout, AllowAutoRedirect = false }) { Timeout = timeout };
        try
        {
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static bool IsGrpc(HttpResponseMessage response) =>
        response.Headers.Contains("grpc-status")
        || response.TrailingHeaders.Contains("grpc-status")
        || response.Content.Headers.ContentType?.MediaType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
