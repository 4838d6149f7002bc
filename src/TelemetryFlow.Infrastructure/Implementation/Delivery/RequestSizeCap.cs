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
    private const int GrpcFrameHeaderSize = 5;

    public RequestSizeCap(int maxBytes) => MaxBytes = maxBytes;

    public int MaxBytes { get; }

    /// <summary>
    /// The parts to send instead of <paramref name="body"/>, or <see langword="null"/> when it is within the cap (or not
    /// something the splitter understands: then it goes as it is, and the backend decides).
    /// </summary>
    public SplitRequest? SplitIfOver(ReadOnlySpan<byte> body, bool grpc, bool gzip)
    {
        var message = grpc ? body.Length >= GrpcFrameHeaderSize ? body[GrpcFrameHeaderSize..] : [] : body;
        if (grpc && body.Length >= GrpcFrameHeaderSize)
        {
            gzip = body[0] == 1;
        }

        if (MessageSize(message, gzip) <= MaxBytes)
        {
            return null;
        }

        var plain = gzip ? Gunzip(message) : message.ToArray();
        return plain is null ? null : OtlpRequestSplitter.Split(plain, MaxBytes);
    }

    /// <summary>A part encoded as the original request was, with the original's content headers.</summary>
    public static BufferedRequestContent Encode(RequestPart part, bool grpc, bool gzip, HttpContentHeaders headers)
    {
        var message = gzip ? Gzip(part.Body) : part.Body;
        if (!grpc)
        {
            return BufferedRequestContent.Create(message, headers);
        }

        var framed = new byte[GrpcFrameHeaderSize + message.Length];
        framed[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(framed.AsSpan(GrpcFrameHeaderSize));
        return BufferedRequestContent.Create(framed, headers);
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
