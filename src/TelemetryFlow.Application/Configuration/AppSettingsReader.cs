using static TelemetryFlow.Application.Configuration.SettingMessages;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Reads the appsettings section (by default <c>TelemetryFlow</c>) into a settings layer: one key per setting of
/// <see cref="SettingCatalog"/> that appsettings may set, named as the setting. Values use the same forms as the
/// environment variables; list settings take arrays or comma-separated text, and <c>CustomAttributes</c> a section of
/// key/value pairs. A key that names no setting is an error that suggests the closest one.
/// </summary>
internal sealed class AppSettingsReader : SettingsReader
{
    private readonly Func<string, IEnumerable<KeyValuePair<string, string?>>> _children;
    private readonly string _sectionPath;

    private AppSettingsReader(Func<string, string?> read, Func<string, IEnumerable<KeyValuePair<string, string?>>> children, string sectionPath)
        : base(read)
    {
        _children = children;
        _sectionPath = sectionPath;
    }

    /// <summary>Reads the section.</summary>
    /// <param name="read">Returns the value of a key in the section, or <see langword="null"/>.</param>
    /// <param name="children">Returns the child key/value pairs of a key (arrays and sections).</param>
    /// <param name="keys">The keys present at the top of the section, checked against the catalogue.</param>
    /// <param name="sectionPath">The section's path, used in error messages and sources (for example <c>TelemetryFlow</c>).</param>
    public static (TelemetrySettings Settings, IReadOnlyList<FormattableString> Errors) Read(
        Func<string, string?> read,
        Func<string, IEnumerable<KeyValuePair<string, string?>>> children,
        IEnumerable<string> keys,
        string sectionPath)
    {
        var reader = new AppSettingsReader(read, children, sectionPath);
        var settings = reader.ReadAll();
        reader.CheckKeys(keys);
        return (settings, reader.Errors);
    }

    protected override string Describe(string name) => $"{_sectionPath}:{name}";

    private TelemetrySettings ReadAll()
    {
        var settings = new TelemetrySettings(SettingSource.AppSettings);
        foreach (var setting in SettingCatalog.AppSettings)
        {
            switch (setting.Shape)
            {
                case SettingShape.Scalar:
                    TryRead(settings, setting, setting.Name);
                    break;
                case SettingShape.List when setting == SettingCatalog.TraceSources || setting == SettingCatalog.Meters:
                    (setting == SettingCatalog.TraceSources ? settings.TraceSources : settings.Meters).AddRange(List(setting.Name));
                    break;
                case SettingShape.List:
                    if (List(setting.Name).ToList() is { Count: > 0 } items)
                    {
                        settings.SetValue(setting, string.Join(',', items), Describe(setting.Name));
                    }

                    break;
                case SettingShape.Map when setting == SettingCatalog.MetricViews:
                    settings.MetricViews.AddRange(MetricViewsSection.Read(setting.Name, Text, _children, AddError, Describe));
                    break;
                case SettingShape.Map when setting == SettingCatalog.CustomHeaders:
                    foreach (var (name, value) in _children(setting.Name))
                    {
                        settings.Headers[name] = new ExportHeader(value ?? string.Empty, Describe($"{setting.Name}:{name}"));
                    }

                    break;
                default:
                    foreach (var (key, value) in _children(setting.Name))
                    {
                        settings.CustomAttributes[key] = value ?? string.Empty;
                    }

                    break;
            }
        }

        return settings;
    }

    private void CheckKeys(IEnumerable<string> keys)
    {
        foreach (var key in keys.Where(k => SettingCatalog.FindKey(k) is null))
        {
            if (SettingCatalog.All.FirstOrDefault(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase)) is { } codeOnly)
            {
                AddError($"{_sectionPath}:{RawName(key)} is not read from appsettings; set it in code with {codeOnly.Method}.");
            }
            else if (SettingNames.Closest(key, SettingCatalog.AppSettings.Select(s => s.Name)) is { } closest)
            {
                AddError($"{_sectionPath}:{RawName(key)} is not a TelemetryFlow setting; did you mean {closest}?");
            }
            else
            {
                AddError($"{_sectionPath}:{RawName(key)} is not a TelemetryFlow setting; the keys are listed in the README's configuration table.");
            }
        }
    }

    private IEnumerable<string> List(string key)
    {
        var fromArray = _children(key).Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        return fromArray.Count > 0
            ? fromArray
            : (Text(key) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
