using System.Reflection;

namespace TelemetryFlow.Cli;

/// <summary>Versions reported by <c>version</c> and stamped into generated files.</summary>
internal static class CliVersion
{
    /// <summary>This tool's version, without the source revision suffix.</summary>
    public static string Tool { get; } = Read(typeof(CliVersion).Assembly);

    /// <summary>The SDK version this tool was built with, which generated projects reference by default.</summary>
    public static string Sdk => TelemetryConfig.DistroVersion;

    private static string Read(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
