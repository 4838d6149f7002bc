using TelemetryFlow.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Safety;

public sealed class PiiRedactorTests
{
    private static readonly PiiRedactor BuiltInsOnly = new([]);

    /// <summary>One row per case: what goes in, what must come out. Near-misses come out unchanged.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        // Emails
        { "email in a sentence", "contact jane.doe@example.com today", "contact [EMAIL_REDACTED] today" },
        { "email with tag and sub-domains", "a+tag@mail.example.co.uk", "[EMAIL_REDACTED]" },
        { "two emails", "from a@example.org to b@example.net", "from [EMAIL_REDACTED] to [EMAIL_REDACTED]" },
        { "near-miss: email-like without a TLD", "admin@localhost", "admin@localhost" },
        { "near-miss: a handle", "ping @jane in the channel", "ping @jane in the channel" },

        // Card numbers: 13-19 digits, spaces or dashes, Luhn-valid
        { "card, contiguous", "card 4111111111111111 declined", "card [CC_REDACTED] declined" },
        { "card with spaces", "4111 1111 1111 1111", "[CC_REDACTED]" },
        { "card with dashes", "pan=5555-5555-5555-4444;", "pan=[CC_REDACTED];" },
        { "card, amex grouping", "amex 3782 822463 10005", "amex [CC_REDACTED]" },
        { "card, 13 digits", "old visa 4222222222222", "old visa [CC_REDACTED]" },
        { "near-miss: 19 digits failing Luhn", "6011000990139424000 x", "6011000990139424000 x" },
        { "near-miss: 16 digits failing Luhn", "ref 4111111111111112", "ref 4111111111111112" },
        { "near-miss: 16 digits failing Luhn, spaced", "ref 1234 5678 1234 5678", "ref 1234 5678 1234 5678" },
        { "near-miss: 20-digit id", "trace 12345678901234567890", "trace 12345678901234567890" },

        // US SSNs
        { "ssn", "ssn 123-45-6789 on file", "ssn [SSN_REDACTED] on file" },
        { "near-miss: ssn area 000", "000-12-3456", "000-12-3456" },
        { "near-miss: ssn area 666", "666-12-3456", "666-12-3456" },
        { "near-miss: ssn area 9xx", "912-12-3456", "912-12-3456" },
        { "near-miss: ssn group 00", "123-00-4567", "123-00-4567" },
        { "near-miss: ssn serial 0000", "123-45-0000", "123-45-0000" },

        // Phone numbers
        { "phone, +1 with parentheses", "call +1 (555) 123-4567 now", "call [PHONE_REDACTED] now" },
        { "phone, US dashes", "555-123-4567", "[PHONE_REDACTED]" },
        { "phone, US parentheses", "(555) 123-4567", "[PHONE_REDACTED]" },
        { "phone, US dots", "tel: 555.123.4567.", "tel: [PHONE_REDACTED]." },
        { "phone, UK", "office +44 20 7946 0958", "office [PHONE_REDACTED]" },
        { "phone, E.164", "sms to +15551234567", "sms to [PHONE_REDACTED]" },
        { "near-miss: local 7-digit number", "ext 555-1234", "ext 555-1234" },

        // Near-misses of every kind
        { "near-miss: date", "due 2024-01-15", "due 2024-01-15" },
        { "near-miss: timestamp with offset", "at 2024-01-15T10:30:00+05:30", "at 2024-01-15T10:30:00+05:30" },
        { "near-miss: version", "runtime 1.2.3.4", "runtime 1.2.3.4" },
        { "near-miss: long version", "build 10.0.100.1234", "build 10.0.100.1234" },
        { "near-miss: IP address", "peer 192.168.100.200", "peer 192.168.100.200" },
        { "near-miss: order id", "order ORD-2024-000123 shipped", "order ORD-2024-000123 shipped" },
        { "near-miss: bare 10-digit id", "invoice 1234567890", "invoice 1234567890" },
        { "near-miss: short digit runs", "room 42, floor 7, seat 1234", "room 42, floor 7, seat 1234" },

        // Everything at once
        { "mixed", "jane@example.com paid with 4111-1111-1111-1111, ssn 123-45-6789, phone 555-123-4567",
            "[EMAIL_REDACTED] paid with [CC_REDACTED], ssn [SSN_REDACTED], phone [PHONE_REDACTED]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Redact_Case_GivesTheExpectedText(string description, string input, string expected)
    {
        Assert.True(expected == BuiltInsOnly.Redact(input), $"{description}: '{input}' became '{BuiltInsOnly.Redact(input)}', expected '{expected}'.");
    }

    [Fact]
    public void Redact_19DigitLuhnValidCard_IsRedacted()
    {
        // The 19-digit near-miss row above fails Luhn; with its check digit it passes.
        var card = LuhnValid("601100099013942400");
        Assert.Equal("[CC_REDACTED]", BuiltInsOnly.Redact(card));
        Assert.Equal(19, card.Length);
    }

    [Fact]
    public void Redact_CustomPattern_RunsAfterTheBuiltIns()
    {
        var redactor = new PiiRedactor([new RedactionPattern("order", @"ORD-\d{4}-\d{6}", "[ORDER_REDACTED]"), new RedactionPattern("placeholder", @"\[EMAIL_REDACTED\]", "<email>")]);

        Assert.Equal("order [ORDER_REDACTED] for <email>", redactor.Redact("order ORD-2024-000123 for jane@example.com"));
    }

    [Fact]
    public void Redact_CustomPatternWithGroups_UsesSubstitutions()
    {
        var redactor = new PiiRedactor([new RedactionPattern("user", @"user=(\w)\w*", "user=$1***")]);

        Assert.Equal("user=j*** logged in", redactor.Redact("user=jane logged in"));
    }

    [Fact]
    public void Redact_CustomPatternTimesOut_FailsClosed()
    {
        var redactor = new PiiRedactor([new RedactionPattern("catastrophic", @"^(\w+\s?)*$", "x")]);

        Assert.Equal(PiiRedactor.RedactionFailed, redactor.Redact(new string('a', 40) + "!"));
    }

    [Theory]
    [InlineData("GET /api/orders/{id}")]
    [InlineData("order 1234 shipped to warehouse 7")]
    [InlineData("")]
    [InlineData("a@b")]
    public void Redact_TextThatCannotHoldPii_ReturnsTheSameInstance(string text)
    {
        Assert.False(PiiRedactor.MayContainBuiltInPii(text));
        Assert.Same(text, BuiltInsOnly.Redact(text));
    }

    [Theory]
    [InlineData("order 123456789 shipped")]
    [InlineData("build 10.0.100.1234")]
    [InlineData("admin@localhost")]
    public void Redact_CandidateWithoutPii_StillReturnsTheSameInstance(string text)
    {
        Assert.True(PiiRedactor.MayContainBuiltInPii(text));
        Assert.Same(text, BuiltInsOnly.Redact(text));
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111-1111-1111-1111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("411111111111", false)]
    [InlineData("41111111111111111111", false)]
    public void IsCardNumber_ChecksLengthAndLuhn(string text, bool expected) => Assert.Equal(expected, PiiRedactor.IsCardNumber(text));

    /// <summary>Appends the Luhn check digit to <paramref name="digits"/>.</summary>
    private static string LuhnValid(string digits)
    {
        for (var check = 0; check <= 9; check++)
        {
            var candidate = digits + check.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (PiiRedactor.IsCardNumber(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No check digit makes the number Luhn-valid.");
    }
}
