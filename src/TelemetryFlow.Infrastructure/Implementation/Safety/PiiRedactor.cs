using System.Buffers;
using System.Text.RegularExpressions;

namespace TelemetryFlow.Infrastructure.Implementation.Safety;

/// <summary>
/// Replaces personal data in a string: emails, Luhn-valid card numbers, US SSNs and phone numbers,
/// then the application's custom patterns. A string with nothing to replace comes back as the same
/// instance, so callers detect "unchanged" with <see cref="object.ReferenceEquals"/>.
/// </summary>
/// <remarks>
/// Order matters: cards run before phones (a spaced card number would otherwise be half-eaten as a
/// phone number) and SSNs before phones. Every regex has a match timeout; a timeout fails closed,
/// replacing the whole value with <see cref="RedactionFailed"/>, because an unscanned value may hold PII.
/// </remarks>
internal sealed partial class PiiRedactor
{
    public const string EmailPlaceholder = "[EMAIL_REDACTED]";
    public const string CardPlaceholder = "[CC_REDACTED]";
    public const string SsnPlaceholder = "[SSN_REDACTED]";
    public const string PhonePlaceholder = "[PHONE_REDACTED]";

    /// <summary>Replaces a whole value whose scan timed out.</summary>
    public const string RedactionFailed = "[REDACTED]";

    private const int MatchTimeoutMilliseconds = 250;

    // The shortest built-in numeric pattern (an SSN) has 9 digits; a phone has at least 8 after a '+'.
    private const int MinimumDigits = 8;

    // The shortest address the email pattern accepts: a@b.cd.
    private const int MinimumEmailLength = 6;

    // SearchValues rather than IndexOfAnyInRange, which was measured here to allocate on every call.
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private static readonly MatchEvaluator CardEvaluator = match => IsCardNumber(match.ValueSpan) ? CardPlaceholder : match.Value;
    private static readonly MatchEvaluator PhoneEvaluator = match => CountDigits(match.ValueSpan) is >= 8 and <= 15 ? PhonePlaceholder : match.Value;

    private readonly (Regex Regex, string Replacement)[] _custom;

    public PiiRedactor(IReadOnlyList<RedactionPattern> customPatterns)
    {
        _custom = customPatterns
            .Select(p => (new Regex(p.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(MatchTimeoutMilliseconds)), p.Replacement))
            .ToArray();
    }

    /// <summary>Whether <see cref="Redact"/> may change <paramref name="value"/>; <see langword="false"/> is certain, <see langword="true"/> is a maybe.</summary>
    public bool MayRedact(string value) => _custom.Length > 0 || MayContainBuiltInPii(value);

    /// <summary>Returns <paramref name="value"/> with personal data replaced, or the same instance when there was none.</summary>
    public string Redact(string value)
    {
        try
        {
            var result = value;
            if (MayContainBuiltInPii(value))
            {
                result = Email().Replace(result, EmailPlaceholder);
                result = Card().Replace(result, CardEvaluator);
                result = Ssn().Replace(result, SsnPlaceholder);
                result = InternationalPhone().Replace(result, PhoneEvaluator);
                result = NorthAmericanPhone().Replace(result, PhonePlaceholder);
            }

            foreach (var (regex, replacement) in _custom)
            {
                result = regex.Replace(result, replacement);
            }

            return result;
        }
        catch (RegexMatchTimeoutException)
        {
            return RedactionFailed;
        }
    }

    /// <summary>
    /// The fast path: without an '@' there is no email, and with fewer than 8 digits there is no card,
    /// SSN or phone number, so most strings skip the regexes entirely. Vectorized, allocation-free.
    /// </summary>
    internal static bool MayContainBuiltInPii(ReadOnlySpan<char> value)
    {
        if (value.Length >= MinimumEmailLength && value.Contains('@'))
        {
            return true;
        }

        var digits = 0;
        int index;
        while ((index = value.IndexOfAny(Digits)) >= 0)
        {
            if (++digits >= MinimumDigits)
            {
                return true;
            }

            value = value[(index + 1)..];
        }

        return false;
    }

    /// <summary>13 to 19 digits (separators ignored) that pass the Luhn checksum.</summary>
    internal static bool IsCardNumber(ReadOnlySpan<char> text)
    {
        var sum = 0;
        var count = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is < '0' or > '9')
            {
                continue;
            }

            var digit = c - '0';
            if ((count & 1) == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            count++;
        }

        return count is >= 13 and <= 19 && sum % 10 == 0;
    }

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                count++;
            }
        }

        return count;
    }

    // local@domain.tld; a name without a dot-TLD (user@localhost) is not an address.
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,63}(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant, MatchTimeoutMilliseconds)]
    private static partial Regex Email();

    // 13-19 digits, contiguous or grouped 4-4-4-(1..7) or 4-6-(4..5) with a space or dash; Luhn decides.
    [GeneratedRegex(@"(?<![0-9])(?:[0-9]{4}(?:[ \-]?[0-9]{4}){2}[ \-]?[0-9]{1,7}|[0-9]{4}[ \-]?[0-9]{6}[ \-]?[0-9]{4,5})(?![0-9])", RegexOptions.CultureInvariant, MatchTimeoutMilliseconds)]
    private static partial Regex Card();

    // ddd-dd-dddd, not area 000, 666 or 9xx, not group 00, not serial 0000.
    [GeneratedRegex(@"(?<![0-9\-])(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}(?![0-9\-])", RegexOptions.CultureInvariant, MatchTimeoutMilliseconds)]
    private static partial Regex Ssn();

    // +CC then 2-6 groups of 1-4 digits (one may be in parentheses); 8-15 digits in all (E.164).
    [GeneratedRegex(@"(?<![0-9A-Za-z+])\+[0-9]{1,3}(?:[ .\-]?(?:\([0-9]{1,4}\)|[0-9]{1,4})){2,6}(?![0-9A-Za-z])", RegexOptions.CultureInvariant, MatchTimeoutMilliseconds)]
    private static partial Regex InternationalPhone();

    // (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567. Separators are required, so bare
    // 10-digit ids stay, and neighbouring dots-with-digits (versions, IP addresses) rule a match out.
    [GeneratedRegex(@"(?<![0-9A-Za-z+\-]|[0-9]\.)(?:\([0-9]{3}\) ?|[0-9]{3}[ .\-])[0-9]{3}[ .\-][0-9]{4}(?![0-9A-Za-z\-]|\.[0-9])", RegexOptions.CultureInvariant, MatchTimeoutMilliseconds)]
    private static partial Regex NorthAmericanPhone();
}
