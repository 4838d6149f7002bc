using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Safety;

/// <summary>
/// Applies the configured limits and, when on, PII redaction to one string value. A value that needs
/// nothing comes back as the same instance without allocating, which is the common case and what the
/// processors test with <see cref="object.ReferenceEquals"/>.
/// </summary>
internal sealed class TelemetrySanitizer
{
    // Redaction runs on a slightly longer prefix than is kept, so PII cut by the limit is still
    // recognised (a card number's first 12 digits must not survive), while a huge value costs only
    // its prefix to scan. Longer than any built-in match: an email address is at most 254 characters.
    private const int RedactionLookahead = 256;

    private const int AcceptedKeySlots = 64;

    private readonly PiiRedactor? _redactor;

    // Keys found acceptable, by reference: keys are nearly always the same few literals (or a logging template's
    // cached names), so a key is checked once rather than scanned on every record. A slot is filled only while empty
    // or when its key has moved in a garbage collection (it could never match again), so keys built per call cannot
    // make threads overwrite each other's cache lines; such a key is checked in full, as before.
    private readonly string?[] _acceptedKeys = new string?[AcceptedKeySlots];

    public TelemetrySanitizer(TelemetryLimits limits, PiiRedactionSettings? redaction)
    {
        Limits = limits;
        _redactor = redaction is null ? null : new PiiRedactor(redaction.CustomPatterns);
    }

    public TelemetryLimits Limits { get; }

    /// <summary>Whether PII redaction is on.</summary>
    public bool Redacts => _redactor is not null;

    /// <summary>Redacts without applying a length limit; the same instance when redaction is off or finds nothing.</summary>
    public string Redact(string value) => _redactor?.Redact(value) ?? value;

    /// <summary>
    /// Whether an attribute key may be exported: at most <see cref="TelemetryLimits.AttributeKeyLength"/> characters and
    /// no control characters (a line break in a key splits log lines and breaks backends that parse them). A key is
    /// never shortened, since two long keys cut to one prefix would merge; an attribute with a bad key is dropped.
    /// </summary>
    public bool AcceptsKey(string key)
    {
        var slot = StringIdentity.Slot(key, AcceptedKeySlots);
        ref var accepted = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_acceptedKeys), slot);
        var cached = Volatile.Read(ref accepted);
        if (ReferenceEquals(cached, key))
        {
            return true;
        }

        if (key.Length > Limits.AttributeKeyLength || TelemetryNames.IndexOfControlCharacter(key) >= 0)
        {
            return false;
        }

        // An empty slot, or one whose key has moved in a garbage collection since (it would never match here again):
        // without reclaiming those, keys made at run time (a log template's value names) would fill the cache for good.
        if (cached is null || StringIdentity.Slot(cached, AcceptedKeySlots) != slot)
        {
            Volatile.Write(ref accepted, key);
        }

        return true;
    }

    /// <summary>Sanitizes a string attribute value (limit <see cref="TelemetryLimits.AttributeValueLength"/>).</summary>
    public string Attribute(string value, out bool truncated) => Sanitize(value, Limits.AttributeValueLength, out truncated);

    /// <summary>Sanitizes a log body (limit <see cref="TelemetryLimits.LogBodyLength"/>).</summary>
    public string Body(string value, out bool truncated) => Sanitize(value, Limits.LogBodyLength, out truncated);

    private string Sanitize(string value, int maxLength, out bool truncated)
    {
        if (_redactor is null || !_redactor.MayRedact(value))
        {
            truncated = value.Length > maxLength;
            return truncated ? Truncate(value, maxLength) : value;
        }

        var scannedPrefixOnly = value.Length > maxLength + RedactionLookahead;
        var redacted = _redactor.Redact(scannedPrefixOnly ? value[..(maxLength + RedactionLookahead)] : value);
        if (redacted.Length > maxLength)
        {
            truncated = true;
            return Truncate(redacted, maxLength);
        }

        // Placeholders can make the scanned prefix fit; its unscanned tail is still cut.
        truncated = scannedPrefixOnly;
        return redacted;
    }

    /// <summary>Cuts to <paramref name="maxLength"/> characters without splitting a surrogate pair.</summary>
    private static string Truncate(string value, int maxLength)
    {
        var length = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return value[..length];
    }
}
