using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace TelemetryFlow.Infrastructure.Implementation.Safety;

/// <summary>
/// The check behind the client's name arguments (metric, span and event names): a control character
/// (U+0000-U+001F, U+007F-U+009F) in a name breaks log lines, dashboards and backends that split on
/// newlines, so it is refused with a message that says which character and where.
/// </summary>
internal static class TelemetryNames
{
    private const int MaxShownLength = 64;

    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).ToArray());

    /// <summary>The index of the first control character, or -1. Vectorized; allocation-free.</summary>
    public static int IndexOfControlCharacter(ReadOnlySpan<char> name) => name.IndexOfAny(ControlCharacters);

    [DoesNotReturn]
    public static void ThrowControlCharacter(string name, int index, string? parameter) => throw ControlCharacterError(name, index, parameter);

    public static ArgumentException ControlCharacterError(string name, int index, string? parameter) => new(
        string.Create(
            CultureInfo.InvariantCulture,
            $"The name \"{Escape(name)}\" contains a control character (U+{(int)name[index]:X4}) at index {index}. Names must not contain line breaks, tabs or other control characters; use a name such as \"orders.placed\"."),
        parameter);

    /// <summary>The name with control characters shown as <c>\uXXXX</c>, shortened when long.</summary>
    public static string Escape(string name)
    {
        var text = new StringBuilder(Math.Min(name.Length, MaxShownLength) + 16);
        foreach (var c in name.AsSpan(0, Math.Min(name.Length, MaxShownLength)))
        {
            if (ControlCharacters.Contains(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return name.Length > MaxShownLength ? text.Append('…').ToString() : text.ToString();
    }
}
