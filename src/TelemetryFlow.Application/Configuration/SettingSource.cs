namespace TelemetryFlow.Application.Configuration;

/// <summary>Where a value came from, in precedence order: a higher source wins over every lower one.</summary>
internal enum SettingSource
{
    Default,
    AppSettings,
    Environment,
    Code,
}
