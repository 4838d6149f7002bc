using System.Text;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// One undelivered export request as kept on disk: the OTLP protobuf message (gzip-compressed when
/// <see cref="Gzip"/>, without gRPC's 5-byte frame, so it can be replayed over either protocol) and what
/// is needed to replay and account for it. Never any header: credentials are added from the configuration
/// at replay.
/// </summary>
/// <param name="Signal">The signal.</param>
/// <param name="Items">Items in the request (spans, log records, metric streams).</param>
/// <param name="Payload">The serialized <c>Export*ServiceRequest</c>.</param>
/// <param name="Gzip">Whether <paramref name="Payload"/> is gzip-compressed.</param>
/// <param name="ContentType">The original request's content type (diagnostics only).</param>
/// <param name="Path">The original request's path (diagnostics only; replay uses the current configuration).</param>
/// <param name="RunId">The process run that stored it, to tell its items from an earlier run's.</param>
/// <param name="CreatedAt">When it was stored.</param>
internal sealed record StoredBatch(
    SignalType Signal,
    long Items,
    ReadOnlyMemory<byte> Payload,
    bool Gzip,
    string ContentType,
    string Path,
    Guid RunId,
    DateTimeOffset CreatedAt)
{
    private static readonly byte[] Magic = "TFOB"u8.ToArray();
    private const byte FormatVersion = 1;

    /// <summary>Builds a batch from the body of an OTLP request, removing gRPC's frame.</summary>
    /// <returns>The batch, or <see langword="null"/> when a gRPC body is too short to be framed.</returns>
    public static StoredBatch? FromRequestBody(SignalType signal, long items, byte[] body, string? contentType, string? encoding, string path, Guid runId, DateTimeOffset now)
    {
        var isGrpc = string.Equals(contentType, ExportFailureClassifier.GrpcContentType, StringComparison.OrdinalIgnoreCase);
        if (!isGrpc)
        {
            var gzip = string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase);
            return new StoredBatch(signal, items, body, gzip, contentType ?? string.Empty, path, runId, now);
        }

        if (body.Length < GrpcFrame.HeaderSize)
        {
            return null;
        }

        var compressed = GrpcFrame.IsCompressed(body);
        var payload = body.AsMemory(GrpcFrame.HeaderSize);
        return new StoredBatch(signal, items, payload, compressed, contentType!, path, runId, now);
    }

    /// <summary>The body of a gRPC request carrying this batch: the 5-byte frame, then the payload.</summary>
    public byte[] ToGrpcBody() => GrpcFrame.Write(Payload.Span, Gzip);

    /// <summary>Serializes the batch: a small versioned header, then the payload.</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream(Payload.Length + 256);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((int)Signal);
            writer.Write(Items);
            writer.Write(Gzip);
            writer.Write(ContentType);
            writer.Write(Path);
            writer.Write(RunId.ToByteArray());
            writer.Write(CreatedAt.ToUnixTimeMilliseconds());
            writer.Write(Payload.Length);
            writer.Write(Payload.Span);
        }

        return stream.ToArray();
    }

    /// <summary>Reads a serialized batch.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a complete batch of a known format.</exception>
    public static StoredBatch Deserialize(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadByte() != FormatVersion)
            {
                throw new InvalidDataException("Not a stored TelemetryFlow batch, or an unknown format version.");
            }

            var signal = (SignalType)reader.ReadInt32();
            var items = reader.ReadInt64();
            var gzip = reader.ReadBoolean();
            var contentType = reader.ReadString();
            var path = reader.ReadString();
            var runId = new Guid(reader.ReadBytes(16));
            var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
            var length = reader.ReadInt32();
            var offset = (int)reader.BaseStream.Position;
            if (signal is not (SignalType.Traces or SignalType.Metrics or SignalType.Logs) || items < 0 || length < 0 || offset + length != bytes.Length)
            {
                throw new InvalidDataException("The stored batch is truncated or inconsistent.");
            }

            return new StoredBatch(signal, items, bytes.AsMemory(offset, length), gzip, contentType, path, runId, createdAt);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException)
        {
            throw new InvalidDataException("The stored batch is truncated or corrupt.", ex);
        }
    }
}
