using System.Buffers;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// Cuts an OTLP export request into requests no larger than a cap, at protobuf boundaries: resource, scope, item.
/// </summary>
/// <remarks>
/// <para>
/// The three export requests share one shape, so one splitter serves them all:
/// <c>Export*ServiceRequest { repeated Resource* = 1 }</c>, <c>Resource* { Resource resource = 1; repeated Scope* = 2;
/// string schema_url = 3 }</c>, <c>Scope* { InstrumentationScope scope = 1; repeated item = 2; string schema_url = 3 }</c>,
/// where an item is a span, a metric or a log record. Every part repeats the resource and scope (all fields but the
/// repeated one, copied byte for byte) of the items it carries, so the backend sees the same data as from one request.
/// </para>
/// <para>
/// The TelemetryFlow collector refuses a gRPC message over 4 MiB (checked after decompression) with
/// <c>RESOURCE_EXHAUSTED</c>; a batch of large log records easily passes that. Splitting is exact: sizes are counted
/// with the largest possible length prefixes, so no part exceeds the cap.
/// </para>
/// </remarks>
internal static class OtlpRequestSplitter
{
    private const int ResourceField = 1;
    private const int ChildField = 2;
    private const int LengthDelimited = 2;

    // A nested message costs its tag (1 byte for fields 1 and 2) and a length prefix of at most 5 bytes.
    private const int NestingOverhead = 6;

    /// <summary>Splits <paramref name="request"/> into parts of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="request">A serialized, uncompressed export request.</param>
    /// <param name="maxBytes">The cap on each part's size.</param>
    /// <returns>The parts, or <see langword="null"/> when the request is not well-formed OTLP (send it as it is).</returns>
    public static SplitRequest? Split(ReadOnlyMemory<byte> request, int maxBytes)
    {
        var resources = new List<Node>();
        if (!TryParse(request, depth: 0, resources))
        {
            return null;
        }

        var parts = new List<RequestPart>();
        var oversized = 0L;
        var part = new PartBuilder();
        foreach (var resource in resources)
        {
            foreach (var scope in resource.Children)
            {
                foreach (var item in scope.Children)
                {
                    var cost = item.Raw.Length + part.OpeningCost(resource, scope);
                    if (part.Size + cost > maxBytes && part.Items > 0)
                    {
                        parts.Add(part.Build());
                        part = new PartBuilder();
                        cost = item.Raw.Length + part.OpeningCost(resource, scope);
                    }

                    if (part.Size + cost > maxBytes)
                    {
                        oversized++;
                        continue;
                    }

                    part.Add(resource, scope, item, cost);
                }
            }
        }

        if (part.Items > 0)
        {
            parts.Add(part.Build());
        }

        return new SplitRequest(parts, oversized);
    }

    /// <summary>
    /// Reads the repeated field 2 (field 1 at the top) of a message into <paramref name="children"/>; other fields
    /// of a resource or scope message become its header. Depth 0: the request; 1: a resource; 2: a scope.
    /// </summary>
    private static bool TryParse(ReadOnlyMemory<byte> message, int depth, List<Node> children)
    {
        var reader = new ProtobufWireReader(message.Span);
        var repeatedField = depth == 0 ? ResourceField : ChildField;
        while (!reader.AtEnd)
        {
            var start = reader.Position;
            if (!reader.TryReadField(out var field, out var wireType, out _, out var payload))
            {
                return false;
            }

            if (field == repeatedField && wireType == LengthDelimited)
            {
                var node = new Node(message[start..reader.Position]);
                var payloadStart = reader.Position - payload.Length;
                if (depth < 2 && !TryParseContainer(message.Slice(payloadStart, payload.Length), depth + 1, node))
                {
                    return false;
                }

                children.Add(node);
            }
            else if (depth == 0)
            {
                // The request has no other fields; an unknown one cannot be placed in a part.
                return false;
            }
        }

        return true;
    }

    private static bool TryParseContainer(ReadOnlyMemory<byte> payload, int depth, Node node)
    {
        // The header: every field but the repeated children, kept in order and byte for byte.
        var header = new ArrayBufferWriter<byte>();
        var reader = new ProtobufWireReader(payload.Span);
        while (!reader.AtEnd)
        {
            var start = reader.Position;
            if (!reader.TryReadTag(out var field, out var wireType) || !reader.TrySkip(wireType))
            {
                return false;
            }

            if (field != ChildField || wireType != LengthDelimited)
            {
                header.Write(payload.Span[start..reader.Position]);
            }
        }

        node.Header = header.WrittenMemory;
        return TryParse(payload, depth, node.Children);
    }

    private static int VarintSize(int value)
    {
        var size = 1;
        for (var v = (uint)value; v >= 0x80; v >>= 7)
        {
            size++;
        }

        return size;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> writer, int value)
    {
        var span = writer.GetSpan(5);
        var i = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[i++] = (byte)v;
        writer.Advance(i);
    }

    /// <summary>A resource, scope or item as read: its raw bytes (tag included), header and children.</summary>
    private sealed class Node(ReadOnlyMemory<byte> raw)
    {
        public ReadOnlyMemory<byte> Raw { get; } = raw;

        public ReadOnlyMemory<byte> Header { get; set; }

        public List<Node> Children { get; } = [];
    }

    /// <summary>Collects items for one part, grouped under their resource and scope, and serializes them.</summary>
    private sealed class PartBuilder
    {
        private readonly List<(Node Resource, List<(Node Scope, List<Node> Items)> Scopes)> _resources = [];

        /// <summary>An upper bound of the serialized size so far.</summary>
        public long Size { get; private set; }

        public long Items { get; private set; }

        /// <summary>What adding an item under <paramref name="resource"/> and <paramref name="scope"/> costs beyond the item itself.</summary>
        public int OpeningCost(Node resource, Node scope)
        {
            if (_resources.Count > 0 && ReferenceEquals(_resources[^1].Resource, resource))
            {
                var scopes = _resources[^1].Scopes;
                return scopes.Count > 0 && ReferenceEquals(scopes[^1].Scope, scope) ? 0 : NestingOverhead + scope.Header.Length;
            }

            return NestingOverhead + resource.Header.Length + NestingOverhead + scope.Header.Length;
        }

        public void Add(Node resource, Node scope, Node item, int cost)
        {
            if (_resources.Count == 0 || !ReferenceEquals(_resources[^1].Resource, resource))
            {
                _resources.Add((resource, []));
            }

            var scopes = _resources[^1].Scopes;
            if (scopes.Count == 0 || !ReferenceEquals(scopes[^1].Scope, scope))
            {
                scopes.Add((scope, []));
            }

            scopes[^1].Items.Add(item);
            Size += cost;
            Items++;
        }

        public RequestPart Build()
        {
            var writer = new ArrayBufferWriter<byte>((int)Math.Min(Size, int.MaxValue));
            foreach (var (resource, scopes) in _resources)
            {
                var scopeLengths = scopes.Select(s => s.Scope.Header.Length + s.Items.Sum(i => i.Raw.Length)).ToArray();
                var resourceLength = resource.Header.Length + scopeLengths.Sum(l => 1 + VarintSize(l) + l);
                writer.Write<byte>([(ResourceField << 3) | LengthDelimited]);
                WriteVarint(writer, resourceLength);
                writer.Write(resource.Header.Span);
                for (var s = 0; s < scopes.Count; s++)
                {
                    writer.Write<byte>([(ChildField << 3) | LengthDelimited]);
                    WriteVarint(writer, scopeLengths[s]);
                    writer.Write(scopes[s].Scope.Header.Span);
                    foreach (var item in scopes[s].Items)
                    {
                        writer.Write(item.Raw.Span);
                    }
                }
            }

            return new RequestPart(writer.WrittenSpan.ToArray(), Items);
        }
    }
}
