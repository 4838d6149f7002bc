using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// An export request's body, read once into a buffer rented from <see cref="ArrayPool{T}.Shared"/>, so that every
/// retry (and the copy written to disk) sends the same bytes. The buffer goes back to the pool when the request is
/// disposed: the OpenTelemetry exporter disposes each request after its response has been read.
/// </summary>
/// <remarks>
/// A body without compression is about 1 MB for a batch of 8,192 spans. A fresh array per request would be allocated
/// on the large object heap and collected only by full collections; at high rates that alone caused several gen 2
/// collections a second. The pool keeps the same few arrays in use.
/// </remarks>
internal sealed class BufferedRequestContent : HttpContent
{
    private const int InitialCapacity = 16 * 1024;

    private byte[]? _buffer;
    private readonly int _length;

    private BufferedRequestContent(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body. Valid until the content is disposed; copy it to keep it longer.</summary>
    public ReadOnlySpan<byte> Span => new(Buffer, 0, _length);

    /// <summary>The body's length in bytes.</summary>
    public int Length => _length;

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(BufferedRequestContent));

    /// <summary>Reads <paramref name="original"/> to its end and copies its content headers (but its length).</summary>
    public static async ValueTask<BufferedRequestContent> ReadAsync(HttpContent original, bool async, CancellationToken cancellationToken)
    {
        var capacity = original.Headers.ContentLength is { } known && known >= 0 && known <= Array.MaxLength ? (int)known : InitialCapacity;
        using var stream = new PooledWriteStream(Math.Max(capacity, 1));
        if (async)
        {
            await original.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            original.CopyTo(stream, context: null, cancellationToken);
        }

        var content = new BufferedRequestContent(stream.Detach(out var length), length);
        content.CopyHeadersFrom(original.Headers);
        return content;
    }

    private void CopyHeadersFrom(HttpContentHeaders headers)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                Headers.TryAddWithoutValidation(name, values);
            }
        }
    }

    /// <summary>A content holding a copy of <paramref name="data"/> (in a pooled buffer) with the given content headers, Content-Length aside.</summary>
    public static BufferedRequestContent Create(ReadOnlySpan<byte> data, HttpContentHeaders headers)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1));
        data.CopyTo(buffer);
        var content = new BufferedRequestContent(buffer, data.Length);
        content.CopyHeadersFrom(headers);
        return content;
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(Buffer, 0, _length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Buffer, 0, _length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Buffer, 0, _length, cancellationToken);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new MemoryStream(Buffer, 0, _length, writable: false);

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult(CreateContentReadStream(CancellationToken.None));

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    /// <summary>A write-only stream over pooled arrays that grows by renting a larger one.</summary>
    private sealed class PooledWriteStream : Stream
    {
        private byte[]? _buffer;
        private int _length;

        public PooledWriteStream(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        /// <summary>Hands the buffer over to the caller, who returns it to the pool.</summary>
        public byte[] Detach(out int length)
        {
            var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledWriteStream));
            _buffer = null;
            length = _length;
            return buffer;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var target = _buffer ?? throw new ObjectDisposedException(nameof(PooledWriteStream));
            if (target.Length - _length < buffer.Length)
            {
                target = Grow(buffer.Length);
            }

            buffer.CopyTo(target.AsSpan(_length));
            _length += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void WriteByte(byte value) => Write([value]);

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (_buffer is { } buffer)
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(buffer);
            }

            base.Dispose(disposing);
        }

        private byte[] Grow(int needed)
        {
            var required = (long)_length + needed;
            if (required > Array.MaxLength)
            {
                throw new IOException($"An export request body larger than {Array.MaxLength} bytes cannot be buffered.");
            }

            var capacity = (int)Math.Min(Math.Max(required, (long)_buffer!.Length * 2), Array.MaxLength);
            var larger = ArrayPool<byte>.Shared.Rent(capacity);
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            return larger;
        }
    }
}
