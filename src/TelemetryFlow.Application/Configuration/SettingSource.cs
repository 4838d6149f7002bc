namespace TelemetryFlow.Application.Configuration;

/// <summary>Where a value came from, in precedence order: a higher source wins over every lower one.</summary>
internal enum SettingSource
{
    Default,

    /// <summary>Derived from the host or the process's surroundings (<see cref="HostEnvironmentLayer"/>).</summary>
    Host,
    AppSettings,
    Environment,
    Code,
}
