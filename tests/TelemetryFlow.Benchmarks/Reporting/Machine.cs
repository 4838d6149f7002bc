using System.Globalization;
using System.Runtime.InteropServices;

namespace TelemetryFlow.Benchmarks.Reporting;

/// <summary>A one-line description of where the numbers were measured.</summary>
internal static class Machine
{
    public static string Describe() =>
        $"{CpuModel()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}";

    /// <summary>
    /// The 1/5/15-minute load averages: on a 2-core machine anything else running shows up in every number, so the
    /// output says how busy the machine was.
    /// </summary>
    public static string LoadAverage() => ReadLoadAverages() is { } averages ? "load average " + string.Join(' ', averages) : "load average unknown";

    public static bool IsBusy() =>
        ReadLoadAverages() is { } averages && double.Parse(averages[0], CultureInfo.InvariantCulture) >= 1;

    private static string[]? ReadLoadAverages()
    {
        const string LoadAvg = "/proc/loadavg";
        return File.Exists(LoadAvg) ? File.ReadAllText(LoadAvg).Split(' ').Take(3).ToArray() : null;
    }

    private static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }

        var line = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
