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

    protected IReadOnlyList<FormattableString> Errors => _errors;

    /// <summary>How a key is named in messages and sources; appsettings keys get their section prefix.</summary>
    protected virtual string Describe(string name) => name;

    protected void AddError(FormattableString error) => _errors.Add(error);

    protected string? Text(string name)
    {
        var value = _read(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>
    /// Reads <paramref name="setting"/> from the variable or key <paramref name="name"/> into <paramref name="layer"/>,
    /// with <paramref name="name"/> as its origin. Returns whether the name was set at all: a malformed value is an error,
    /// and still stops a fallback from being read.
    /// </summary>
    protected bool TryRead(TelemetrySettings layer, Setting setting, string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return false;
        }

        if (setting.TryParse(text, out var value))
        {
            layer.SetValue(setting, value, Describe(name));
        }
        else
        {
            AddError($"{Describe(name)}={Raw(text)} is not valid; use {setting.Forms(name)}.");
        }

        return true;
    }
}
