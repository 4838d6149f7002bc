using System.Diagnostics;
using System.Reflection;

namespace TelemetryFlow.Cli.Tests.Support;

/// <summary>Runs <c>dotnet build</c> in a child process (its own environment copy; this process's is untouched).</summary>
public static class DotnetBuild
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>The configuration these tests were built in, so referenced SDK projects are found already built.</summary>
    public static string Configuration { get; } =
        typeof(DotnetBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>
    /// Builds <paramref name="target"/> with warnings as errors. Referenced SDK projects are not rebuilt
    /// (<c>--no-dependencies</c>, non-recursive restore): this test run built them already, and other builds of the
    /// repository may be running, so nothing is written under src/.
    /// </summary>
    public static async Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunAsync(string target, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "build", target, "-c", Configuration, "--no-dependencies", "--disable-build-servers", "-nologo", "-v:minimal",
            "-p:TreatWarningsAsErrors=true", "-p:RestoreRecursive=false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // A test host started by 'dotnet test' inherits MSBuild's own variables, which would point a nested build at
        // the outer one's SDK and nodes.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build {target} took longer than {Limit}.");
        }

        return (process.ExitCode, await stdout + await stderr, clock.Elapsed);
    }
}
