namespace TelemetryFlow.Application.Configuration;

/// <summary>How a setting is written in appsettings: one value, a list (array or comma-separated text) or a section of pairs.</summary>
internal enum SettingShape
{
    Scalar,
    List,
    Map,
}
