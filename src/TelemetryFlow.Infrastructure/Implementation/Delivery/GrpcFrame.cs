using System.Buffers.Binary;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// The gRPC length-prefixed message frame around an OTLP export request: a compressed flag byte, a big-endian
/// 4-byte length, then the message.
/// </summary>
internal static class GrpcFrame
{
    public const int HeaderSize = 5;

    /// <summary>Whether the framed message is compressed (with the encoding named by <c>grpc-encoding</c>).</summary>
    public static bool IsCompressed(ReadOnlySpan<byte> framed) => framed.Length > 0 && framed[0] == 1;

    /// <summary>The message inside a frame; empty when the frame is shorter than its header.</summary>
    public static ReadOnlySpan<byte> Message(ReadOnlySpan<byte> framed) => framed.Length >= HeaderSize ? framed[HeaderSize..] : [];

    /// <summary>Frames <paramref name="message"/>.</summary>
    public static byte[] Write(ReadOnlySpan<byte> message, bool compressed)
    {
        var framed = new byte[HeaderSize + message.Length];
        framed[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(framed.AsSpan(HeaderSize));
        return framed;
    }
}
