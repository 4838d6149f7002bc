using System.Buffers;

namespace TelemetryFlow.Testing.Internal;

/// <summary>
/// Counts the spans of an encoded <c>ExportTraceServiceRequest</c> by walking the protobuf wire format, without
/// decoding or allocating anything per span: <c>resource_spans</c> (field 1) → <c>scope_spans</c> (field 2) →
/// <c>spans</c> (field 2). Every other field, at every level, is skipped by its wire type, so the count is the one the
/// generated parser would give for any message it accepts. The spans themselves are not validated.
/// </summary>
internal static class OtlpSpanCounter
{
    // Field numbers from opentelemetry/proto/collector/trace/v1/trace_service.proto and trace/v1/trace.proto.
    private const int ResourceSpansField = 1;
    private const int ScopeSpansField = 2;
    private const int SpansField = 2;

    private const int VarintWireType = 0;
    private const int Fixed64WireType = 1;
    private const int LengthDelimitedWireType = 2;
    private const int StartGroupWireType = 3;
    private const int EndGroupWireType = 4;
    private const int Fixed32WireType = 5;

    /// <summary>The number of spans in <paramref name="request"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed protobuf message.</exception>
    public static int CountSpans(ReadOnlySequence<byte> request)
    {
        var reader = new SequenceReader<byte>(request);
        var spans = 0;
        while (NextEmbedded(ref reader, request.Length, ResourceSpansField, out var resourceSpansEnd))
        {
            while (NextEmbedded(ref reader, resourceSpansEnd, ScopeSpansField, out var scopeSpansEnd))
            {
                while (NextEmbedded(ref reader, scopeSpansEnd, SpansField, out var spanEnd))
                {
                    spans++;
                    reader.Advance(spanEnd - reader.Consumed);
                }
            }
        }

        return spans;
    }

    /// <summary>
    /// Skips fields up to the next embedded message (length-delimited field <paramref name="field"/>) before
    /// <paramref name="end"/> and stops at its first byte; returns <see langword="false"/> when <paramref name="end"/>
    /// is reached first.
    /// </summary>
    private static bool NextEmbedded(ref SequenceReader<byte> reader, long end, int field, out long embeddedEnd)
    {
        while (reader.Consumed < end)
        {
            var (number, wireType) = ReadTag(ref reader, end);
            if (wireType == LengthDelimitedWireType)
            {
                var length = ReadLength(ref reader, end);
                if (number == field)
                {
                    embeddedEnd = reader.Consumed + length;
                    return true;
                }

                reader.Advance(length);
            }
            else
            {
                SkipValue(ref reader, end, number, wireType);
            }
        }

        embeddedEnd = 0;
        return false;
    }

    private static (int Number, int WireType) ReadTag(ref SequenceReader<byte> reader, long end)
    {
        var tag = ReadVarint(ref reader, end);
        var number = tag >> 3;
        if (number is 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"Invalid field number {number} at byte {reader.Consumed}.");
        }

        return ((int)number, (int)(tag & 7));
    }

    private static long ReadLength(ref SequenceReader<byte> reader, long end)
    {
        var length = ReadVarint(ref reader, end);
        if (length > (ulong)(end - reader.Consumed))
        {
            throw new InvalidDataException($"A length of {length} bytes at byte {reader.Consumed} runs past the end of its message.");
        }

        return (long)length;
    }

    private static void SkipValue(ref SequenceReader<byte> reader, long end, int number, int wireType)
    {
        switch (wireType)
        {
            case VarintWireType:
                ReadVarint(ref reader, end);
                break;
            case Fixed64WireType:
                SkipBytes(ref reader, end, 8);
                break;
            case LengthDelimitedWireType:
                reader.Advance(ReadLength(ref reader, end));
                break;
            case Fixed32WireType:
                SkipBytes(ref reader, end, 4);
                break;
            case StartGroupWireType:
                // Deprecated and unused by OTLP, but a parser skips unknown groups, so the count must not fail on them.
                SkipGroup(ref reader, end, number);
                break;
            default:
                throw new InvalidDataException($"Unexpected wire type {wireType} for field {number} at byte {reader.Consumed}.");
        }
    }

    private static void SkipGroup(ref SequenceReader<byte> reader, long end, int number)
    {
        while (true)
        {
            var (inner, wireType) = ReadTag(ref reader, end);
            if (wireType == EndGroupWireType)
            {
                if (inner != number)
                {
                    throw new InvalidDataException($"Group {number} ended by the end tag of group {inner} at byte {reader.Consumed}.");
                }

                return;
            }

            SkipValue(ref reader, end, inner, wireType);
        }
    }

    private static void SkipBytes(ref SequenceReader<byte> reader, long end, long count)
    {
        if (count > end - reader.Consumed)
        {
            throw new InvalidDataException($"A fixed-size value at byte {reader.Consumed} runs past the end of its message.");
        }

        reader.Advance(count);
    }

    private static ulong ReadVarint(ref SequenceReader<byte> reader, long end)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (reader.Consumed >= end || !reader.TryRead(out var next))
            {
                throw new InvalidDataException($"A varint at byte {reader.Consumed} runs past the end of its message.");
            }

            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException($"A varint at byte {reader.Consumed} is longer than 10 bytes.");
    }
}
