using System.Globalization;
using System.Text;

namespace TelemetryFlow.Testing.Internal.View;

/// <summary>Formatting shared by the waterfall and the metrics table.</summary>
internal static class ViewText
{
    public const string Ellipsis = "…";

    /// <summary>Cuts <paramref name="text"/> to <paramref name="width"/> characters, ending with '…' when cut.</summary>
    public static string Fit(string text, int width)
    {
        text = OneLine(text);
        if (width <= 0)
        {
            return string.Empty;
        }

        return text.Length <= width ? text : text[..(width - 1)] + Ellipsis;
    }

    /// <summary>Cuts or pads <paramref name="text"/> to exactly <paramref name="width"/> characters.</summary>
    public static string Cell(string text, int width) => Fit(text, width).PadRight(width);

    /// <summary>
    /// One item, one line, safe for a terminal: line breaks and tabs become spaces, and every other control character
    /// (ESC, BEL, C1: what a hostile exporter would use to move the cursor or rewrite the screen) becomes <c>?</c>.
    /// </summary>
    public static string OneLine(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\r' or '\n' or '\t' => ' ',
                _ when char.IsControl(c) => '?',
                _ => c,
            });
        }

        return builder.ToString();
    }

    /// <summary>A duration a reader takes in at a glance: 850 µs, 4.8 ms, 151 ms, 2.35 s, 3m 05s.</summary>
    public static string Duration(ulong nanoseconds)
    {
        var ms = nanoseconds / 1_000_000d;
        return ms switch
        {
            < 1 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000d:0} µs"),
            < 10 => string.Create(CultureInfo.InvariantCulture, $"{ms:0.00} ms"),
            < 100 => string.Create(CultureInfo.InvariantCulture, $"{ms:0.0} ms"),
            < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms"),
            < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{ms / 1_000:0.00} s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(long)(ms / 60_000)}m {(long)(ms / 1_000 % 60):00}s"),
        };
    }

    /// <summary>A number without noise: integers as such, others with up to 3 decimals.</summary>
    public static string Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Attributes as <c>key=value, key=value</c>, strings unquoted.</summary>
    public static string Attributes(IReadOnlyDictionary<string, object?> attributes) =>
        string.Join(", ", attributes.Select(a => $"{a.Key}={OtlpValues.Format(a.Value, quoteStrings: false)}"));

    /// <summary>
    /// The severity in OTLP's short names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL) from its number, so every exporter
    /// reads alike (.NET sends <c>Information</c>, others <c>INFO</c>); the exporter's text when it sent no number.
    /// </summary>
    public static string Severity(ReceivedLog log) => log.SeverityNumber switch
    {
        >= 21 => "FATAL",
        >= 17 => "ERROR",
        >= 13 => "WARN",
        >= 9 => "INFO",
        >= 5 => "DEBUG",
        >= 1 => "TRACE",
        _ => string.IsNullOrEmpty(log.SeverityText) ? "LOG" : log.SeverityText.ToUpperInvariant(),
    };

    public static bool IsError(ReceivedLog log) => log.SeverityNumber >= 17;
}
