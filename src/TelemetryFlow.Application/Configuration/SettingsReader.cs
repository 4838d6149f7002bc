using static TelemetryFlow.Application.Configuration.SettingMessages;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Shared parsing for a settings source read by name (environment variables, appsettings keys):
/// every malformed value becomes an error that names the source's key and the accepted forms. Errors stay unrendered
/// (<see cref="SettingMessages"/>) until the builder knows every configured key secret.
/// </summary>
internal abstract class SettingsReader
{
    private readonly Func<string, string?> _read;
    private readonly List<FormattableString> _errors = [];

    protected SettingsReader(Func<string, string?> read) => _read = read;

    protected delegate bool TryParse<T>(string text, out T value);

    protected IReadOnlyList<FormattableString> Errors => _errors;

    /// <summary>How a key is named in messages; appsettings keys get their section prefix.</summary>
    protected virtual string Describe(string name) => name;

    protected void AddError(FormattableString error) => _errors.Add(error);

    protected string? Text(string name)
    {
        var value = _read(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    protected T? Parsed<T>(string name, TryParse<T> parse, string acceptedForms)
        where T : struct
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        AddError($"{Describe(name)}={Raw(text)} is not valid; use {acceptedForms}.");
        return null;
    }

    protected bool? Boolean(string name) => Parsed<bool>(name, SettingParsers.TryParseBoolean, SettingParsers.BooleanForms);

    protected int? Integer(string name) => Parsed<int>(name, SettingParsers.TryParseInt, "a whole number");

    protected TimeSpan? Duration(string name, PlainNumberUnit unit) =>
        Parsed<TimeSpan>(name, (string t, out TimeSpan v) => SettingParsers.TryParseDuration(t, unit, out v), SettingParsers.DurationForms(unit));
}
