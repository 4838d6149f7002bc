using System.Text;
using System.Text.Json;
using TelemetryFlow.Application.Configuration;

namespace TelemetryFlow.Cli.Generation;

/// <summary>Writes the <c>TelemetryFlow</c> appsettings section, with everything but the API key (secrets stay out of appsettings).</summary>
internal static class AppSettingsTemplate
{
    public const string FileName = "appsettings.TelemetryFlow.json";
    public const string SectionName = "TelemetryFlow";

    public static string Render(ScaffoldSettings settings, Action<Utf8JsonWriter>? writeOtherSections = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            writeOtherSections?.Invoke(json);
            json.WriteStartObject(SectionName);
            foreach (var (setting, value) in settings.Values().Where(v => v.Setting != SettingCatalog.ApiKeyId && v.Setting != SettingCatalog.ApiKeySecret))
            {
                if (value is bool flag)
                {
                    json.WriteBoolean(setting.Name, flag);
                }
                else
                {
                    json.WriteString(setting.Name, value as string);
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + System.Environment.NewLine;
    }
}
