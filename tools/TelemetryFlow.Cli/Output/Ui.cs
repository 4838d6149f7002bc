namespace TelemetryFlow.Cli.Output;

/// <summary>
/// What the commands print, independent of how: <see cref="PlainUi"/> for pipes, tests and <c>NO_COLOR</c>,
/// <see cref="SpectreUi"/> for a terminal. Every text passes through the secret redactor underneath.
/// </summary>
internal abstract class Ui
{
    public abstract void Heading(string text);

    public abstract void Line(string text = "");

    public abstract void Success(string text);

    public abstract void Warning(string text);

    public abstract void Error(string text);

    /// <summary>A warning about how the tool was called, on stderr so it never mixes into output a script reads.</summary>
    public abstract void UsageWarning(string text);

    /// <summary>Lines to copy, such as code for Program.cs or a shell command.</summary>
    public abstract void Code(IEnumerable<string> lines);

    /// <summary>Aligned name/value pairs.</summary>
    public abstract void Properties(IReadOnlyList<KeyValuePair<string, string>> rows);

    public abstract void Step(StepResult step);

    /// <summary>Picks the terminal UI only for an interactive console without <c>NO_COLOR</c> or <c>TERM=dumb</c>.</summary>
    public static Ui Create(TextWriter output, TextWriter error, bool outputIsTerminal, Func<string, string?> environment)
    {
        var colorAllowed = string.IsNullOrEmpty(environment("NO_COLOR"))
            && !string.Equals(environment("TERM"), "dumb", StringComparison.OrdinalIgnoreCase);
        return outputIsTerminal && colorAllowed ? new SpectreUi(output, error) : new PlainUi(output, error);
    }

    internal static string Label(StepStatus status) => status switch
    {
        StepStatus.Pass => "PASS",
        StepStatus.Warn => "WARN",
        StepStatus.Fail => "FAIL",
        _ => "SKIP",
    };
}
