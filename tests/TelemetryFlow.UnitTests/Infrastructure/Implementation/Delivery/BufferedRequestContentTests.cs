using System.Net.Http.Headers;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class BufferedRequestContentTests
{
    public static TheoryData<bool, bool> Cases => new()
    {
        { false, false },
        { false, true },
        { true, false },
        { true, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ReadAsync_AnyBodyLength_KeepsEveryByteAndTheContentHeadersButLength(bool async, bool lengthKnown)
    {
        // 300 kB: beyond the first buffer when the length is not known, so the buffer has to grow (twice over).
        var body = Pattern(300_000);
        using var original = lengthKnown ? new StreamContent(new MemoryStream(body)) : new StreamContent(new OneWayStream(body));
        original.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        original.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");

        using var content = await BufferedRequestContent.ReadAsync(original, async, CancellationToken.None);

        Assert.Equal(body.Length, content.Length);
        Assert.True(content.Span.SequenceEqual(body));
        Assert.Equal(body.Length, content.Headers.ContentLength);
        Assert.Equal("application/grpc", content.Headers.ContentType?.MediaType);
        Assert.Equal("gzip", Assert.Single(content.Headers.GetValues("grpc-encoding")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Serialize_Twice_SendsTheSameBytesEachTime(bool async)
    {
        var body = Pattern(40_000);
        using var original = new ByteArrayContent(body);
        using var content = await BufferedRequestContent.ReadAsync(original, async, CancellationToken.None);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var sent = new MemoryStream();
            if (async)
            {
                await content.CopyToAsync(sent);
            }
            else
            {
                content.CopyTo(sent, context: null, CancellationToken.None);
            }

            Assert.Equal(body, sent.ToArray());
        }

        await using var read = await content.ReadAsStreamAsync();
        using var readBack = new MemoryStream();
        await read.CopyToAsync(readBack);
        Assert.Equal(body, readBack.ToArray());
    }

    [Fact]
    public async Task Dispose_ReturnsTheBufferOnce_AndTheBodyIsNoLongerReadable()
    {
        using var original = new ByteArrayContent(Pattern(1_000));
        var content = await BufferedRequestContent.ReadAsync(original, async: true, CancellationToken.None);

        content.Dispose();
        content.Dispose();

        Assert.Throws<ObjectDisposedException>(() => content.Span.Length);
    }

    [Fact]
    public void ReadAsync_OneMegabyteBodyOverAndOver_DoesNotAllocateTheBodyEachTime()
    {
        // A body without compression is about 1 MB for 8,192 spans; a fresh array each time would be a large object
        // per export. With the pool, a request costs its few small objects only.
        var body = Pattern(1 << 20);
        const int Rounds = 50;
        for (var i = 0; i < 5; i++)
        {
            BufferOnce(body);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            BufferOnce(body);
        }

        var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
        Assert.True(perRequest < 16 * 1024, $"{perRequest} bytes allocated per buffered 1 MB request");
    }

    private static void BufferOnce(byte[] body)
    {
        using var original = new StreamContent(new MemoryStream(body, writable: false));
        using var content = BufferedRequestContent.ReadAsync(original, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        Assert.Equal(body.Length, content.Length);
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 31 % 251);
        }

        return bytes;
    }

    /// <summary>A stream that cannot seek, so its content has no length until it is read.</summary>
    private sealed class OneWayStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            // Small reads, as a network stream gives.
            var n = Math.Min(Math.Min(count, 7_000), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
