using System.Text;
using System.Text.Json;

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
            json.WriteString("Endpoint", settings.Endpoint);
            json.WriteString("Protocol", settings.ProtocolName);
            json.WriteString("ServiceName", settings.ServiceName);
            json.WriteString("ServiceVersion", settings.ServiceVersion);
            json.WriteString("Environment", settings.Environment);
            json.WriteBoolean("EnableTraces", settings.Traces);
            json.WriteBoolean("EnableMetrics", settings.Metrics);
            json.WriteBoolean("EnableLogs", settings.Logs);
            if (settings.UseV2Api)
            {
                json.WriteBoolean("UseV2Api", true);
            }

            if (settings.Insecure)
            {
                json.WriteBoolean("Insecure", true);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + System.Environment.NewLine;
    }
}
