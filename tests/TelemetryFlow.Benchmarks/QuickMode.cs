using System.Diagnostics;

namespace TelemetryFlow.Benchmarks;

/// <summary>
/// <c>--quick</c> runs benchmarks in-process, where the runtime keeps new code at tier 0 until 100 ms pass without
/// any new method being jitted. BenchmarkDotNet's engine jits continuously, so the first iterations of a benchmark
/// would be measured unoptimized (seen here: 500 ns instead of 55 ns for <c>Counter.Add</c>). The runtime reads
/// <c>DOTNET_TC_CallCountingDelayMs</c> only at start-up, so the program starts itself once more with it set to 0.
/// The full suite does not need this: BenchmarkDotNet's default job runs each benchmark in its own process and warms
/// up until the measurements are stable.
/// </summary>
internal static class QuickMode
{
    private const string TieringDelayVariable = "DOTNET_TC_CallCountingDelayMs";

    public static bool NeedsRestart() => Environment.GetEnvironmentVariable(TieringDelayVariable) is null;

    public static int RestartWithoutTieringDelay()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var start = new ProcessStartInfo(processPath) { UseShellExecute = false };

        // Started as 'dotnet TelemetryFlow.Benchmarks.dll ...' the first argument is the assembly; from the apphost it is not.
        var arguments = Environment.GetCommandLineArgs();
        var isMuxer = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        foreach (var argument in isMuxer ? arguments : arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[TieringDelayVariable] = "0";
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not restart {processPath}.");
        child.WaitForExit();
        return child.ExitCode;
    }
}
