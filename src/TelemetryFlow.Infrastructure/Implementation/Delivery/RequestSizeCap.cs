using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// Keeps every export request within the configured size (<c>TelemetryConfig.MaxRequestSizeBytes</c>), measured as the
/// collector measures it: the serialized protobuf message after decompression. A request over the cap is cut into
/// parts with <see cref="OtlpRequestSplitter"/>, each encoded as the original was (gRPC framing, gzip).
/// </summary>
internal sealed class RequestSizeCap
{
    public RequestSizeCap(int maxBytes) => MaxBytes = maxBytes;

    public int MaxBytes { get; }

    /// <summary>
    /// The parts to send instead of <paramref name="body"/>, or <see langword="null"/> when it is within the cap (or not
    /// something the splitter understands: then it goes as it is, and the backend decides).
    /// </summary>
    /// <param name="body">The request body: a gRPC frame, or the bare message for HTTP.</param>
    /// <param name="grpc">Whether the body is a gRPC frame.</param>
    /// <param name="compressed">Whether the message is gzip-compressed.</param>
    public SplitRequest? SplitIfOver(ReadOnlySpan<byte> body, bool grpc, bool compressed)
    {
        var message = grpc ? GrpcFrame.Message(body) : body;
        if (MessageSize(message, compressed) <= MaxBytes)
        {
            return null;
        }

        var plain = compressed ? Gunzip(message) : message.ToArray();
        return plain is null ? null : OtlpRequestSplitter.Split(plain, MaxBytes);
    }

    /// <summary>A part encoded as the original request was, with the original's content headers.</summary>
    public static BufferedRequestContent Encode(RequestPart part, bool grpc, bool compressed, HttpContentHeaders headers)
    {
        var message = compressed ? Gzip(part.Body) : part.Body;
        return BufferedRequestContent.Create(grpc ? GrpcFrame.Write(message, compressed) : message, headers);
    }

    /// <summary>The uncompressed size: gzip's trailer holds it (modulo 2^32, and bodies here are far smaller).</summary>
    private static long MessageSize(ReadOnlySpan<byte> message, bool gzip) =>
        !gzip ? message.Length
        : message.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(message[^4..])
        : 0;

    private static byte[]? Gunzip(ReadOnlySpan<byte> compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }
}
