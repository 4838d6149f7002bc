namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// Just enough of the protobuf wire format to read the few fields retry hints need and to walk an export request
/// for <see cref="OtlpRequestSplitter"/>, without a protobuf dependency. Every read fails softly (returns false) on malformed input.
/// </summary>
internal ref struct ProtobufWireReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtobufWireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>
    /// Reads the next field: a varint's value in <paramref name="number"/>, a length-delimited field's bytes in
    /// <paramref name="bytes"/>; fixed-size fields are skipped (both left empty).
    /// </summary>
    public bool TryReadField(out int field, out int wireType, out ulong number, out ReadOnlySpan<byte> bytes)
    {
        number = 0;
        bytes = default;
        if (!TryReadTag(out field, out wireType))
        {
            return false;
        }

        return wireType switch
        {
            Varint => TryReadVarint(out number),
            LengthDelimited => TryReadLengthDelimited(out bytes),
            _ => TrySkip(wireType),
        };
    }

    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (!TryReadVarint(out var tag) || tag >> 3 is 0 or > int.MaxValue)
        {
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                return false;
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!TryReadVarint(out var length) || length > (ulong)(_data.Length - _position))
        {
            return false;
        }

        bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    public bool TrySkip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                return TryReadVarint(out _);
            case Fixed64:
                return TryAdvance(8);
            case LengthDelimited:
                return TryReadLengthDelimited(out _);
            case Fixed32:
                return TryAdvance(4);
            default:
                return false;
        }
    }

    private bool TryAdvance(int count)
    {
        if (_data.Length - _position < count)
        {
            return false;
        }

        _position += count;
        return true;
    }
}
