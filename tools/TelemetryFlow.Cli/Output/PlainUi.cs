namespace TelemetryFlow.Cli.Output;

/// <summary>Plain, unwrapped, uncoloured lines: stable for scripts, logs and tests.</summary>
internal sealed class PlainUi(TextWriter output, TextWriter error) : Ui
{
    public override void Heading(string text) => output.WriteLine(text);

    public override void Line(string text = "") => output.WriteLine(text);

    public override void Success(string text) => output.WriteLine(text);

    public override void Warning(string text) => output.WriteLine("warning: " + text);

    public override void Error(string text) => error.WriteLine("error: " + text);

    public override void UsageWarning(string text) => error.WriteLine("warning: " + text);

    public override void Code(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            output.WriteLine("    " + line);
        }
    }

    public override void Properties(IReadOnlyList<KeyValuePair<string, string>> rows)
    {
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Key.Length);
        foreach (var (name, value) in rows)
        {
            output.WriteLine($"  {(name + ":").PadRight(width + 1)} {value}");
        }
    }

    public override void Step(StepResult step)
    {
        output.WriteLine($"[{Label(step.Status)}] {step.Name}: {step.Detail}");
        foreach (var item in step.Items)
        {
            output.WriteLine("       - " + item);
        }

        if (step.Hint is not null)
        {
            output.WriteLine($"       hint: {step.Hint}");
        }
    }
}
