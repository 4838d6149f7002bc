namespace TelemetryFlow.Cli.Tests.Support;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public override string ToString() => $"exit code {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{Output}--- stderr ---{Environment.NewLine}{Error}";
}

/// <summary>
/// Runs <c>telemetryflow-gen</c> in-process through <see cref="Program.RunAsync(string[], TextWriter, TextWriter, Func{string, string?}, string, bool, CancellationToken)"/>,
/// with captured output and an environment of its own: the process environment is never read or changed.
/// </summary>
public static class CliRunner
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), Path.GetTempPath(), args);

    public static Task<CliResult> RunInAsync(string workingDirectory, params string[] args) => RunAsync(new Dictionary<string, string>(), workingDirectory, args);

    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args) =>
        RunWithInputAsync(string.Empty, environment, workingDirectory, args);

    /// <summary>Runs with <paramref name="input"/> as standard input.</summary>
    public static async Task<CliResult> RunWithInputAsync(string input, IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        using var reader = new StringReader(input);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Program.RunAsync(args, reader, output, error, name => environment.GetValueOrDefault(name), workingDirectory);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
