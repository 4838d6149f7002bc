namespace TelemetryFlow.Application.Configuration;

/// <summary>One value in a settings layer, with where it came from (an environment variable, an appsettings path, a builder method).</summary>
internal readonly record struct SettingValue(object? Value, SettingSource Source, string Origin);
