using System.Buffers;
using System.IO.Compression;

namespace TelemetryFlow.Testing.Internal;

/// <summary>
/// A request body read into an array rented from <see cref="ArrayPool{T}.Shared"/>, returned on dispose. A
/// high-throughput exporter sends bodies of a megabyte many times a second; fresh arrays of that size live on the large
/// object heap and bring on full collections, which would make the receiver, not the exporter, the limit of a load test.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int MinimumSize = 4096;

    private byte[] _array;
    private int _length;

    private PooledBody(long sizeHint) =>
        _array = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(sizeHint, MinimumSize, Array.MaxLength));

    public int Length => _length;

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    /// <summary>Reads <paramref name="source"/> to its end.</summary>
    /// <param name="source">The stream to read.</param>
    /// <param name="expectedLength">The length announced, if any: sizes the buffer so that it never has to grow.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="maxLength">The most bytes the body may hold.</param>
    /// <exception cref="BodyTooLargeException">The stream holds more than <paramref name="maxLength"/> bytes.</exception>
    public static async Task<PooledBody> ReadAsync(Stream source, long? expectedLength, CancellationToken cancellationToken, long maxLength = long.MaxValue)
    {
        if (expectedLength > maxLength)
        {
            throw new BodyTooLargeException(maxLength);
        }

        // One byte more than announced, so reading up to the end never grows the buffer just to find nothing there.
        var body = new PooledBody((expectedLength ?? MinimumSize) + 1);
        try
        {
            int read;
            while ((read = await source.ReadAsync(body.FreeSpace(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                body._length += read;
                if (body._length > maxLength)
                {
                    throw new BodyTooLargeException(maxLength);
                }
            }

            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Inflates the gzip data at <paramref name="start"/> into a new body.</summary>
    /// <param name="start">Where the gzip data starts.</param>
    /// <param name="length">How long the gzip data is.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidDataException">The data is not valid gzip.</exception>
    public async Task<PooledBody> GunzipAsync(int start, int length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + length, _length);
        using var unzip = new GZipStream(new MemoryStream(_array, start, length, writable: false), CompressionMode.Decompress);

        // Span data compresses about tenfold; the buffer doubles when that guess is short.
        return await ReadAsync(unzip, 8L * length, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
            _length = 0;
        }
    }

    private Memory<byte> FreeSpace()
    {
        if (_length == _array.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_array.Length * 2);
            _array.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }

        return _array.AsMemory(_length);
    }
}

/// <summary>A body longer than its limit; the message is what Go's <c>http.MaxBytesReader</c> reports.</summary>
internal sealed class BodyTooLargeException(long maxLength) : IOException("http: request body too large")
{
    public long MaxLength { get; } = maxLength;
}
