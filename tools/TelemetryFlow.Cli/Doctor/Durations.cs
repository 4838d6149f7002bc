using System.CommandLine;
using System.Globalization;

namespace TelemetryFlow.Cli.Doctor;

/// <summary>Durations as the SDK writes them: <c>250ms</c>, <c>10s</c>, <c>2m</c>; a plain number is seconds.</summary>
internal static class Durations
{
    /// <summary>
    /// A duration option: <c>500ms</c>, <c>2s</c>, <c>1m</c>, a plain number being seconds; a value it cannot read is an
    /// error naming the option.
    /// </summary>
    public static Option<TimeSpan?> Option(string name, TimeSpan standard, string description, string example = "2s", params string[] aliases) => new(name, aliases)
    {
        Description = $"{description} 500ms, {example}, 1m; a plain number is seconds. Default: {Format(standard)}.",
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (TryParse(text, out var value))
            {
                return value;
            }

            result.AddError($"{name} '{text}' is not a duration; use for example 500ms, {example} or 1m.");
            return null;
        },
    };

    public static bool TryParse(string text, out TimeSpan value)
    {
        text = text.Trim();
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 1d),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1_000d),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60_000d),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3_600_000d),
            _ => (text, 1_000d),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0 && double.IsFinite(amount))
        {
            value = TimeSpan.FromMilliseconds(amount * unit);
            return true;
        }

        value = default;
        return false;
    }

    public static string Format(TimeSpan value) =>
        value.TotalSeconds >= 1 && value.Milliseconds == 0
            ? value.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s"
            : value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
