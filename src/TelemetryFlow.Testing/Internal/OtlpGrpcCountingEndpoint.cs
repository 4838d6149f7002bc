using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TelemetryFlow.Testing.Otlp.Collector.Trace.V1;

namespace TelemetryFlow.Testing.Internal;

/// <summary>
/// The gRPC trace method of a receiver that only counts spans (<see cref="OtlpReceiverOptions.CountSpansOnly"/>),
/// served without Grpc.AspNetCore: that would inflate every gzip message into a growing <see cref="MemoryStream"/>, a
/// chain of large-object-heap arrays per request, and the full collections they cause would load the process more than
/// the exporter under test. Unary gRPC over HTTP/2 is simple enough to answer here: one length-prefixed message in,
/// an empty one out, the status in the trailers (or, for a failure, in the headers: a "trailers-only" response).
/// </summary>
internal static class OtlpGrpcCountingEndpoint
{
    private const string GrpcContentType = "application/grpc";
    private const int PrefixLength = 5; // compressed flag (1 byte), message length (4 bytes, big-endian)

    public static void Map(IEndpointRouteBuilder endpoints, OtlpReceiver receiver) =>
        endpoints.MapPost($"/{TraceService.Descriptor.FullName}/Export", context => HandleAsync(context, receiver));

    private static async Task HandleAsync(HttpContext context, OtlpReceiver receiver)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpProtocol.IsHttp2(request.Protocol) || request.ContentType?.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase) != true)
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        response.ContentType = GrpcContentType;
        var header = request.Headers[OtlpGrpc.EncodingHeader].ToString();
        var encoding = header.Length == 0 ? null : header;
        int spans;
        int size;
        try
        {
            (spans, size) = await CountSpansAsync(request, encoding, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            // What Grpc.AspNetCore answers for a message it cannot read.
            WriteStatus(response, StatusCode.Internal, $"Not a valid {ExportTraceServiceRequest.Descriptor.Name} message: {ex.Message}", metadata: null);
            return;
        }

        try
        {
            OtlpGrpc.Admit(receiver, OtlpSignal.Traces, request, encoding, size);
        }
        catch (RpcException refused)
        {
            WriteStatus(response, refused.StatusCode, refused.Status.Detail, refused.Trailers);
            return;
        }

        var failure = receiver.Receive(OtlpSignal.Traces, OtlpTransport.Grpc, request, encoding, message: null, spans);
        if (failure is not null)
        {
            WriteStatus(response, failure.GrpcStatus, failure.Message, OtlpGrpc.FailureMetadata(failure));
            return;
        }

        // An empty ExportTraceServiceResponse: uncompressed, zero bytes long.
        await response.Body.WriteAsync(new byte[PrefixLength], context.RequestAborted).ConfigureAwait(false);
        response.AppendTrailer("grpc-status", "0");
    }

    /// <returns>The spans, and the size of the (inflated) message.</returns>
    private static async Task<(int Spans, int Size)> CountSpansAsync(HttpRequest request, string? encoding, CancellationToken cancellationToken)
    {
        using var body = await PooledBody.ReadAsync(request.Body, request.ContentLength, cancellationToken).ConfigureAwait(false);
        var frame = body.Memory.Span;
        if (frame.Length < PrefixLength)
        {
            throw new InvalidDataException($"The request holds {frame.Length} bytes, too few for a gRPC message.");
        }

        var compressed = frame[0] == 1;
        var length = BinaryPrimitives.ReadUInt32BigEndian(frame[1..PrefixLength]);
        if (length != frame.Length - PrefixLength)
        {
            throw new InvalidDataException($"The gRPC prefix announces {length} bytes, the request carries {frame.Length - PrefixLength} (one message per unary call).");
        }

        if (!compressed)
        {
            return (OtlpSpanCounter.CountSpans(new ReadOnlySequence<byte>(body.Memory[PrefixLength..])), (int)length);
        }

        if (!string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"The message is compressed with '{encoding}'; this receiver inflates gzip only.");
        }

        using var inflated = await body.GunzipAsync(PrefixLength, (int)length, cancellationToken).ConfigureAwait(false);
        return (OtlpSpanCounter.CountSpans(new ReadOnlySequence<byte>(inflated.Memory)), inflated.Length);
    }

    /// <summary>A trailers-only response: the status (and any metadata) in the headers, no message.</summary>
    private static void WriteStatus(HttpResponse response, StatusCode status, string message, Metadata? metadata)
    {
        var headers = response.Headers;
        headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        headers["grpc-message"] = PercentEncode(message);
        foreach (var entry in metadata ?? [])
        {
            headers[entry.Key] = entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;
        }
    }

    /// <summary>grpc-message is percent-encoded UTF-8: everything outside printable ASCII, and '%' itself.</summary>
    private static string PercentEncode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
