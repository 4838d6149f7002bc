using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

/// <summary>
/// Requests are built by hand in the OTLP shape (request → resource → scope → item) so every byte is known; the parts
/// are decoded back the same way and compared item by item.
/// </summary>
public sealed class OtlpRequestSplitterTests
{
    [Fact]
    public void Split_RequestOverTheCap_PartsStayWithinItAndKeepEveryItemInOrderUnderItsResourceAndScope()
    {
        var request = Request(
            Resource("service-a", Scope("scope-1", Items(0, 40, 900)), Scope("scope-2", Items(40, 25, 1500))),
            Resource("service-b", Scope("scope-3", Items(65, 35, 700))));

        var split = OtlpRequestSplitter.Split(request, maxBytes: 8 * 1024);

        Assert.NotNull(split);
        Assert.Equal(0, split.Oversized);
        Assert.True(split.Parts.Count > 5, $"only {split.Parts.Count} parts");
        Assert.All(split.Parts, p => Assert.True(p.Body.Length <= 8 * 1024, $"a part of {p.Body.Length} bytes"));
        var decoded = split.Parts.SelectMany(p => Decode(p.Body)).ToList();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"item-{i}"), decoded.Select(d => d.Item));
        Assert.All(decoded.Take(40), d => Assert.Equal(("service-a", "scope-1"), (d.Resource, d.Scope)));
        Assert.All(decoded.Skip(40).Take(25), d => Assert.Equal(("service-a", "scope-2"), (d.Resource, d.Scope)));
        Assert.All(decoded.Skip(65), d => Assert.Equal(("service-b", "scope-3"), (d.Resource, d.Scope)));
        Assert.Equal(split.Parts.Select(p => (long)Decode(p.Body).Count), split.Parts.Select(p => p.Items));
    }

    [Fact]
    public void Split_AnItemLargerThanTheCapAlone_IsLeftOutAndCountedWhileTheOthersGo()
    {
        var items = Items(0, 3, 100).ToList();
        items.Insert(1, Item("item-huge", 20_000));
        var request = Request(Resource("svc", Scope("scope", [.. items])));

        var split = OtlpRequestSplitter.Split(request, maxBytes: 10_000);

        Assert.NotNull(split);
        Assert.Equal(1, split.Oversized);
        Assert.Equal(["item-0", "item-1", "item-2"], split.Parts.SelectMany(p => Decode(p.Body)).Select(d => d.Item));
    }

    [Fact]
    public void Split_WithinTheCap_IsOnePartWithEverything()
    {
        var request = Request(Resource("svc", Scope("scope", Items(0, 5, 50))));

        var split = OtlpRequestSplitter.Split(request, maxBytes: 1024 * 1024);

        var part = Assert.Single(split!.Parts);
        Assert.Equal(5, part.Items);
        Assert.Equal(request.Length, part.Body.Length);
        Assert.Equal(Decode(request), Decode(part.Body));
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 1, 2 })] // a length past the end
    [InlineData(new byte[] { 0x12, 0x01, 0 })] // a top-level field other than resource
    [InlineData(new byte[] { 0x0A, 0x02, 0x12, 0x7F })] // a scope whose length runs past its resource
    public void Split_NotOtlp_ReturnsNull(byte[] request) =>
        Assert.Null(OtlpRequestSplitter.Split(request, maxBytes: 1));

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void SizeCap_GrpcOrHttp_GzipOrNot_MeasuresTheUncompressedMessageAndEncodesPartsLikeTheOriginal(bool grpc, bool gzip)
    {
        var message = Request(Resource("svc", Scope("scope", Items(0, 30, 1000))));
        var body = Encode(message, grpc, gzip);
        var cap = new RequestSizeCap(10_000);
        using var original = new ByteArrayContent(body);
        original.Headers.ContentType = new MediaTypeHeaderValue(grpc ? "application/grpc" : "application/x-protobuf");

        var split = cap.SplitIfOver(body, grpc, gzip);
        var within = new RequestSizeCap(message.Length).SplitIfOver(body, grpc, gzip);

        Assert.Null(within);
        Assert.NotNull(split);
        var names = new List<string>();
        foreach (var part in split.Parts)
        {
            using var content = RequestSizeCap.Encode(part, grpc, gzip, original.Headers);
            Assert.Equal(original.Headers.ContentType, content.Headers.ContentType);
            var decoded = DecodeBody(content.Span.ToArray(), grpc, gzip);
            Assert.True(decoded.Length <= 10_000);
            names.AddRange(Decode(decoded).Select(d => d.Item));
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"item-{i}"), names);
    }

    private static byte[] Encode(byte[] message, bool grpc, bool gzip)
    {
        if (gzip)
        {
            using var output = new MemoryStream();
            using (var stream = new GZipStream(output, CompressionLevel.Fastest))
            {
                stream.Write(message);
            }

            message = output.ToArray();
        }

        if (!grpc)
        {
            return message;
        }

        var framed = new byte[5 + message.Length];
        framed[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        return framed;
    }

    private static byte[] DecodeBody(byte[] body, bool grpc, bool gzip)
    {
        if (grpc)
        {
            Assert.Equal(gzip ? 1 : 0, body[0]);
            Assert.Equal((uint)(body.Length - 5), BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)));
            body = body[5..];
        }

        if (!gzip)
        {
            return body;
        }

        using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    // Resource { resource = 1 (a message holding the name as field 1), scope* = 2, schema_url = 3 }.
    internal static byte[] Request(params byte[][] resources) => [.. resources.SelectMany(r => Field(1, r))];

    internal static byte[] Resource(string name, params byte[][] scopes) =>
        [.. Field(1, Field(1, Text(name))), .. scopes.SelectMany(s => Field(2, s)), .. Field(3, Text("https://schema/" + name))];

    internal static byte[] Scope(string name, byte[][] items) =>
        [.. Field(1, Field(1, Text(name))), .. items.SelectMany(i => Field(2, i))];

    internal static byte[][] Items(int first, int count, int size) =>
        [.. Enumerable.Range(first, count).Select(i => Item($"item-{i}", size))];

    // An item: its name as field 1 and padding as field 2.
    private static byte[] Item(string name, int size) => [.. Field(1, Text(name)), .. Field(2, new byte[size])];

    private static byte[] Text(string value) => System.Text.Encoding.UTF8.GetBytes(value);

    private static byte[] Field(int number, byte[] payload) => [.. Varint((ulong)((number << 3) | 2)), .. Varint((ulong)payload.Length), .. payload];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    private static List<(string Resource, string Scope, string Item)> Decode(byte[] request)
    {
        var result = new List<(string, string, string)>();
        foreach (var resource in Fields(request).Where(f => f.Number == 1))
        {
            var resourceFields = Fields(resource.Payload);
            var resourceName = Name(resourceFields.Single(f => f.Number == 1).Payload);
            Assert.Single(resourceFields, f => f.Number == 3);
            foreach (var scope in resourceFields.Where(f => f.Number == 2))
            {
                var scopeFields = Fields(scope.Payload);
                var scopeName = Name(scopeFields.Single(f => f.Number == 1).Payload);
                result.AddRange(scopeFields.Where(f => f.Number == 2).Select(i => (resourceName, scopeName, Name(i.Payload))));
            }
        }

        return result;
    }

    private static string Name(byte[] message) => System.Text.Encoding.UTF8.GetString(Fields(message).First(f => f.Number == 1).Payload);

    private static List<(int Number, byte[] Payload)> Fields(byte[] message)
    {
        var fields = new List<(int, byte[])>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            Assert.Equal(2UL, tag & 7);
            var length = (int)ReadVarint(message, ref position);
            fields.Add(((int)(tag >> 3), message[position..(position + length)]));
            position += length;
        }

        return fields;
    }

    private static ulong ReadVarint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
