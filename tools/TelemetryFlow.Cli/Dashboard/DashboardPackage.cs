using System.Runtime.InteropServices;

namespace TelemetryFlow.Cli.Dashboard;

/// <summary>
/// The .NET Aspire dashboard as NuGet ships it: one self-contained package per runtime identifier,
/// <c>Aspire.Dashboard.Sdk.&lt;rid&gt;</c>, with the executable under <c>tools/</c>.
/// </summary>
internal static class DashboardPackage
{
    /// <summary>The version <c>dashboard</c> runs unless <c>--version</c> names another; the one its tests run against.</summary>
    public const string DefaultVersion = "13.6.5";

    public const string IdPrefix = "Aspire.Dashboard.Sdk.";

    /// <summary>The runtime identifiers the package is published for.</summary>
    public static IReadOnlyList<string> RuntimeIdentifiers { get; } =
        ["linux-x64", "linux-arm64", "linux-musl-x64", "osx-x64", "osx-arm64", "win-x64", "win-x86", "win-arm64"];

    public static string Id(string runtimeIdentifier) => IdPrefix + runtimeIdentifier;

    /// <summary>The executable's path inside the package folder.</summary>
    public static string ExecutablePath(string runtimeIdentifier) =>
        Path.Combine("tools", runtimeIdentifier.StartsWith("win-", StringComparison.Ordinal) ? "Aspire.Dashboard.exe" : "Aspire.Dashboard");

    /// <summary>The package's runtime identifier for this machine, or null when none is published for it.</summary>
    /// <remarks>
    /// The OS architecture, not the process's: an x64 .NET under emulation on an Arm64 Mac or Windows machine still gets
    /// the native Arm64 dashboard, since it runs as a process of its own.
    /// </remarks>
    public static string? ForCurrentMachine()
    {
        var os = OperatingSystem.IsWindows() ? OSPlatform.Windows
            : OperatingSystem.IsMacOS() ? OSPlatform.OSX
            : OperatingSystem.IsLinux() ? OSPlatform.Linux
            : OSPlatform.FreeBSD;
        var musl = RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase);
        return For(os, RuntimeInformation.OSArchitecture, musl);
    }

    /// <summary>The package's runtime identifier for an OS and architecture, or null when none is published for them.</summary>
    public static string? For(OSPlatform os, Architecture architecture, bool musl)
    {
        var prefix = os == OSPlatform.Windows ? "win"
            : os == OSPlatform.OSX ? "osx"
            : os == OSPlatform.Linux ? (musl ? "linux-musl" : "linux")
            : null;
        var suffix = architecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            _ => null,
        };
        var rid = prefix is null || suffix is null ? null : $"{prefix}-{suffix}";
        return rid is not null && RuntimeIdentifiers.Contains(rid) ? rid : null;
    }
}
