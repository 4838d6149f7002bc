using System.Diagnostics;

namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>
/// Runs the built console sample (<c>samples/TelemetryFlow.Samples.Console</c>, built before this project through a
/// non-referencing ProjectReference) as a child process, with the given environment and nothing else of ours.
/// </summary>
internal static class ConsoleSample
{
    public sealed record Output(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Output> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath());

        // The child sees the test's variables but none that configure telemetry, then exactly ours.
        foreach (var name in start.Environment.Keys.Where(IsTelemetryVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The console sample did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The console sample did not finish within {timeout.TotalSeconds} s. Output so far: {await stdout}");
        }

        return new Output(process.ExitCode, await stdout, await stderr);
    }

    private static bool IsTelemetryVariable(string name) =>
        name.StartsWith("TELEMETRYFLOW_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sample's output for this test run's configuration: <c>samples/…/bin/{Configuration}/{tfm}/</c>.</summary>
    private static string AssemblyPath()
    {
        // The test runs from tests/TelemetryFlow.IntegrationTests/bin/{Configuration}/{tfm}/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TelemetryFlow.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"TelemetryFlow.sln was not found above {AppContext.BaseDirectory}.");
        }

        var path = Path.Combine(root.FullName, "samples", "TelemetryFlow.Samples.Console", "bin", configuration, framework, "TelemetryFlow.Samples.Console.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException("The console sample is not built; the IntegrationTests project builds it through its ProjectReference.", path);
    }
}
