using System.Buffers;
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

    /// <summary>
    /// Reads an inflated request body: decodes it into <see cref="Body.Message"/>, or, when spans are only counted,
    /// leaves that <see langword="null"/>; either way counts its items.
    /// </summary>
    /// <exception cref="InvalidProtocolBufferException">The body does not decode.</exception>
    /// <exception cref="InvalidDataException">The body is not well-formed protobuf (counting).</exception>
    internal delegate Body BodyReader(ReadOnlySequence<byte> body);

    public static void Map(IEndpointRouteBuilder endpoints, OtlpReceiver receiver)
    {
        foreach (var route in Routes(receiver))
        {
            foreach (var version in (string[])["v1", "v2"])
            {
                endpoints.MapPost($"/{version}/{route.Segment}", context => HandleAsync(context, receiver, route.Signal, route.Descriptor, route.Read, route.Success));
            }
        }
    }

    /// <summary>The three signals' path segments and body readers, shared with <see cref="CollectorHttpEndpoints"/>.</summary>
    internal static SignalRoute[] Routes(OtlpReceiver receiver) =>
    [
        new(OtlpSignal.Traces, "traces", ExportTraceServiceRequest.Descriptor, receiver.CountsSpansOnly ? CountSpans : Decode(ExportTraceServiceRequest.Parser), new ExportTraceServiceResponse()),
        new(OtlpSignal.Metrics, "metrics", ExportMetricsServiceRequest.Descriptor, Decode(ExportMetricsServiceRequest.Parser), new ExportMetricsServiceResponse()),
        new(OtlpSignal.Logs, "logs", ExportLogsServiceRequest.Descriptor, Decode(ExportLogsServiceRequest.Parser), new ExportLogsServiceResponse()),
    ];

    private static BodyReader Decode(MessageParser parser) => body =>
    {
        var message = parser.ParseFrom(body);
        return new Body(message, OtlpReceiver.CountItems(message));
    };

    private static Body CountSpans(ReadOnlySequence<byte> body) => new(Message: null, OtlpSpanCounter.CountSpans(body));

    private static async Task HandleAsync(HttpContext context, OtlpReceiver receiver, OtlpSignal signal, Google.Protobuf.Reflection.MessageDescriptor descriptor, BodyReader read, IMessage success)
    {
        var messageName = descriptor.Name;
        var request = context.Request;
        var encoding = request.Headers.ContentEncoding.ToString();
        var contentEncoding = encoding.Length == 0 ? null : encoding;

        if (receiver.AcquireRateLimit(request) is { } decision)
        {
            decision.WriteHeaders(context.Response.Headers);
            if (!decision.Allowed)
            {
                await RefuseAsync(context, receiver, signal, contentEncoding, HttpStatusCode.TooManyRequests, decision.Message, Grpc.Core.StatusCode.ResourceExhausted).ConfigureAwait(false);
                return;
            }
        }

        var json = receiver.Options.AcceptJson && IsJson(request.ContentType);
        if (!json && !IsProtobuf(request.ContentType))
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

        PooledBody content;
        try
        {
            content = await ReadBodyAsync(request, gzip, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            await RefuseAsync(context, receiver, signal, contentEncoding, HttpStatusCode.BadRequest, $"Body is not valid gzip: {ex.Message}").ConfigureAwait(false);
            return;
        }

        Body body;
        using (content)
        {
            try
            {
                body = json ? ReadJson(receiver, descriptor, new ReadOnlySequence<byte>(content.Memory)) : read(new ReadOnlySequence<byte>(content.Memory));
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException)
            {
                await RefuseAsync(context, receiver, signal, contentEncoding, HttpStatusCode.BadRequest, $"Body is not a valid {messageName} message: {ex.Message}").ConfigureAwait(false);
                return;
            }
        }

        var failure = receiver.Receive(signal, OtlpTransport.Http, request, contentEncoding, body.Message, body.ItemCount);
        if (failure is null && json)
        {
            context.Response.ContentType = OtlpJson.ContentType;
            await context.Response.WriteAsync("{}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

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

    private static async Task RefuseAsync(HttpContext context, OtlpReceiver receiver, OtlpSignal signal, string? contentEncoding, HttpStatusCode status, string error, Grpc.Core.StatusCode code = Grpc.Core.StatusCode.InvalidArgument)
    {
        receiver.Refuse(signal, context.Request, contentEncoding, status, error, rateLimited: status == HttpStatusCode.TooManyRequests);

        // The OTLP spec wants a google.rpc.Status body on every 4xx/5xx response.
        var body = new TelemetryFlow.Testing.Otlp.Rpc.Status { Code = (int)code, Message = error };
        await WriteProtobufAsync(context.Response, status, body).ConfigureAwait(false);
    }

    private static Body ReadJson(OtlpReceiver receiver, Google.Protobuf.Reflection.MessageDescriptor descriptor, ReadOnlySequence<byte> content)
    {
        var message = OtlpJson.Decode(descriptor, content);
        var items = OtlpReceiver.CountItems(message);

        // Counting mode keeps no decoded spans, whatever the encoding.
        return receiver.CountsSpansOnly && message is ExportTraceServiceRequest ? new Body(null, items) : new Body(message, items);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals(OtlpJson.ContentType, StringComparison.OrdinalIgnoreCase);

    private static bool IsProtobuf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase);

    private static async Task<PooledBody> ReadBodyAsync(HttpRequest request, bool gzip, CancellationToken cancellationToken)
    {
        // Buffer first: Kestrel forbids synchronous reads, and protobuf parsing from a stream is synchronous.
        var raw = await PooledBody.ReadAsync(request.Body, request.ContentLength, cancellationToken).ConfigureAwait(false);
        if (!gzip)
        {
            return raw;
        }

        using (raw)
        {
            return await raw.GunzipAsync(0, raw.Length, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteProtobufAsync(HttpResponse response, HttpStatusCode status, IMessage message)
    {
        response.StatusCode = (int)status;
        response.ContentType = ProtobufContentType;
        var bytes = message.ToByteArray();
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    /// <summary>What <see cref="BodyReader"/> made of a body.</summary>
    internal readonly record struct Body(IMessage? Message, int ItemCount);

    /// <summary>One signal's OTLP/HTTP endpoint: <c>/v1/{Segment}</c>, what its body decodes into, and its success reply.</summary>
    internal sealed record SignalRoute(OtlpSignal Signal, string Segment, Google.Protobuf.Reflection.MessageDescriptor Descriptor, BodyReader Read, IMessage Success)
    {
        public string MessageName => Descriptor.Name;
    }
}
