using TelemetryFlow.Cli.Output;

namespace TelemetryFlow.Cli;

/// <summary>
/// Everything a command may touch outside its arguments: where to read and print, how to read environment variables, and the
/// directory relative paths start from. Tests pass their own, so no command reads the process environment directly.
/// </summary>
internal sealed class CliContext
{
    public CliContext(TextReader input, TextWriter output, TextWriter error, Func<string, string?> environment, string workingDirectory, bool outputIsTerminal, SecretRedactor redactor)
    {
        Input = input;
        Environment = environment;
        WorkingDirectory = workingDirectory;
        Redactor = redactor;
        Ui = Ui.Create(output, error, outputIsTerminal, environment);
    }

    /// <summary>Standard input; read only on request (<c>--key-secret-stdin</c>).</summary>
    public TextReader Input { get; }

    public Func<string, string?> Environment { get; }

    public string WorkingDirectory { get; }

    public SecretRedactor Redactor { get; }

    public Ui Ui { get; }

    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
