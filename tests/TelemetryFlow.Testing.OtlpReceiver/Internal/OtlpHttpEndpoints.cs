using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using TelemetryFlow.Testing.Otlp.Collector.Logs.V1;
using TelemetryFlow.Testing.Otlp.Collector.Metrics.V1;
using TelemetryFlow.Testing.Otlp.Collector.Trace.V1;

namespace TelemetryFlow.Testing.Internal;

/// <summary>OTLP/HTTP with binary protobuf bodies: <c>POST /v1/{traces,metrics,logs}</c> (and <c>/v2/</c>).</summary>
internal static class OtlpHttpEndpoints
{
    public const string ProtobufContentType = "application/x-protobuf";

    public static void Map(IEndpointRouteBuilder endpoints, OtlpReceiver receiver)
    {
        foreach (var version in (string[])["v1", "v2"])
        {
            endpoints.MapPost($"/{version}/traces", context => HandleAsync(context, receiver, OtlpSignal.Traces, ExportTraceServiceRequest.Parser, new ExportTraceServiceResponse()));
            endpoints.MapPost($"/{version}/metrics", context => HandleAsync(context, receiver, OtlpSignal.Metrics, ExportMetricsServiceRequest.Parser, new ExportMetricsServiceResponse()));
            endpoints.MapPost($"/{version}/logs", context => HandleAsync(context, receiver, OtlpSignal.Logs, ExportLogsServiceRequest.Parser, new ExportLogsServiceResponse()));
        }
    }

    private static async Task HandleAsync(HttpContext context, OtlpReceiver receiver, OtlpSignal signal, MessageParser parser, IMessage success)
    {
        var request = context.Request;
        var encoding = request.Headers.ContentEncoding.ToString();
        var contentEncoding = encoding.Length == 0 ? null : encoding;

        if (!IsProtobuf(request.ContentType))
        {
            // OTLP/JSON is deliberately not decoded: its hex trace ids would silently mis-decode as base64 bytes.
            var error = $"Unsupported Content-Type '{request.ContentType}'; this receiver only accepts {ProtobufContentType}.";
            await RefuseAsync(context, receiver, signal, contentEncoding, HttpStatusCode.UnsupportedMediaType, error).ConfigureAwait(false);
            return;
        }

        var gzip = string.Equals(contentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (contentEncoding is not null && !gzip && !string.Equals(contentEncoding, "identity", StringComparison.OrdinalIgnoreCase))
        {
            var error = $"Unsupported Content-Encoding '{contentEncoding}'; use gzip or none.";
            await RefuseAsync(context, receiver, signal, contentEncoding, HttpStatusCode.UnsupportedMediaType, error).ConfigureAwait(false);
            return;
        }

        IMessage message;
        try
        {
            var body = await ReadBodyAsync(request, gzip, context.RequestAborted).ConfigureAwait(false);
            message = parser.ParseFrom(body);
        }
        catch (InvalidDataException ex)
        {
            await RefuseAsync(context, receiver, signal, contentEncoding, HttpStatusCode.BadRequest, $"Body is not valid gzip: {ex.Message}").ConfigureAwait(false);
            return;
        }
        catch (InvalidProtocolBufferException ex)
        {
            await RefuseAsync(context, receiver, signal, contentEncoding, HttpStatusCode.BadRequest, $"Body is not a valid {parser.GetType().Name} message: {ex.Message}").ConfigureAwait(false);
            return;
        }

        var failure = receiver.Receive(signal, OtlpTransport.Http, request, contentEncoding, message);
        if (failure is null)
        {
            await WriteProtobufAsync(context.Response, HttpStatusCode.OK, success).ConfigureAwait(false);
            return;
        }

        if (failure.RetryAfter is { } delay)
        {
            // Retry-After only carries whole seconds; rounding up keeps the client from retrying too early.
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var status = new TelemetryFlow.Testing.Otlp.Rpc.Status { Code = (int)failure.GrpcStatus, Message = failure.Message };
        await WriteProtobufAsync(context.Response, failure.HttpStatusCode, status).ConfigureAwait(false);
    }

    private static async Task RefuseAsync(HttpContext context, OtlpReceiver receiver, OtlpSignal signal, string? contentEncoding, HttpStatusCode status, string error)
    {
        receiver.Refuse(signal, context.Request, contentEncoding, status, error);

        // The OTLP spec wants a google.rpc.Status body on every 4xx/5xx response.
        var body = new TelemetryFlow.Testing.Otlp.Rpc.Status { Code = (int)Grpc.Core.StatusCode.InvalidArgument, Message = error };
        await WriteProtobufAsync(context.Response, status, body).ConfigureAwait(false);
    }

    private static bool IsProtobuf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, bool gzip, CancellationToken cancellationToken)
    {
        // Buffer first: Kestrel forbids synchronous reads, and protobuf parsing from a stream is synchronous.
        using var raw = new MemoryStream();
        await request.Body.CopyToAsync(raw, cancellationToken).ConfigureAwait(false);
        if (!gzip)
        {
            return raw.ToArray();
        }

        raw.Position = 0;
        using var inflated = new MemoryStream();
        using (var unzip = new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true))
        {
            unzip.CopyTo(inflated);
        }

        return inflated.ToArray();
    }

    private static async Task WriteProtobufAsync(HttpResponse response, HttpStatusCode status, IMessage message)
    {
        response.StatusCode = (int)status;
        response.ContentType = ProtobufContentType;
        var bytes = message.ToByteArray();
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }
}
