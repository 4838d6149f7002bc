using System.Globalization;
using TelemetryFlow.Implementation;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Error messages that quote raw setting values. A message is written as an interpolated string with each raw value
/// wrapped in <see cref="Raw"/>, and rendered by <see cref="Render"/> only once every configured key secret is known
/// (the layers are read one at a time, and the secret may come from any of them); each raw value then goes through
/// <see cref="ShownValue"/>, so a secret pasted into another setting is never echoed.
/// </summary>
internal static class SettingMessages
{
    /// <summary>Marks text read from a setting inside a message.</summary>
    public static RawValue Raw(string text) => new(text);

    /// <summary>
    /// Marks a name read from configuration (an appsettings key) inside a message: shown as it is, without quotes,
    /// unless it looks like a secret (one pasted as a key).
    /// </summary>
    public static RawValue RawName(string text) => new(text) { IsName = true };

    /// <summary>The message, with each raw value quoted or hidden, and everything else formatted invariantly.</summary>
    public static string Render(FormattableString message, IReadOnlyCollection<string?> knownSecrets) =>
        message.ToString(new Formatter(knownSecrets));

    /// <summary>Text read from a setting; shown only through <see cref="Render"/>.</summary>
    internal sealed record RawValue(string Text)
    {
        /// <summary>Whether the text is a name, shown without quotes.</summary>
        public bool IsName { get; init; }

        // Reached only when a message is formatted without Render: show nothing rather than the value.
        public override string ToString() => ShownValue.Hidden;
    }

    private sealed class Formatter(IReadOnlyCollection<string?> knownSecrets) : IFormatProvider, ICustomFormatter
    {
        public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

        public string Format(string? format, object? arg, IFormatProvider? formatProvider) => arg switch
        {
            RawValue { IsName: true } name => ShownValue.LooksLikeSecret(name.Text, knownSecrets) ? ShownValue.Hidden : name.Text,
            RawValue raw => ShownValue.Quote(raw.Text, knownSecrets),
            IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
            _ => arg?.ToString() ?? string.Empty,
        };
    }
}
