using Spectre.Console;

namespace TelemetryFlow.Cli.Output;

/// <summary>Coloured output for a terminal, through Spectre.Console.</summary>
internal sealed class SpectreUi : Ui
{
    private readonly IAnsiConsole _out;
    private readonly IAnsiConsole _error;

    public SpectreUi(TextWriter output, TextWriter error)
    {
        _out = Create(output);
        _error = Create(error);
    }

    public override void Heading(string text) => _out.MarkupLine($"[bold]{Markup.Escape(text)}[/]");

    public override void Line(string text = "") => _out.WriteLine(text);

    public override void Success(string text) => _out.MarkupLine($"[green]✔[/] {Markup.Escape(text)}");

    public override void Warning(string text) => _out.MarkupLine($"[yellow]! warning:[/] {Markup.Escape(text)}");

    public override void Error(string text) => _error.MarkupLine($"[red]✘ error:[/] {Markup.Escape(text)}");

    public override void UsageWarning(string text) => _error.MarkupLine($"[yellow]! warning:[/] {Markup.Escape(text)}");

    public override void Code(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            _out.MarkupLine($"    [cyan]{Markup.Escape(line)}[/]");
        }
    }

    public override void Properties(IReadOnlyList<KeyValuePair<string, string>> rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadLeft(2).PadRight(2).NoWrap()).AddColumn();
        foreach (var (name, value) in rows)
        {
            grid.AddRow(new Markup($"[grey]{Markup.Escape(name)}[/]"), new Text(value));
        }

        _out.Write(grid);
    }

    public override void Step(StepResult step)
    {
        var (symbol, color) = step.Status switch
        {
            StepStatus.Pass => ("✔", "green"),
            StepStatus.Warn => ("!", "yellow"),
            StepStatus.Fail => ("✘", "red"),
            _ => ("-", "grey"),
        };
        _out.MarkupLine($"[{color}]{symbol} {Label(step.Status)}[/] [bold]{Markup.Escape(step.Name)}[/]  {Markup.Escape(step.Detail)}");
        foreach (var item in step.Items)
        {
            _out.MarkupLine($"         - {Markup.Escape(item)}");
        }

        if (step.Hint is not null)
        {
            _out.MarkupLine($"         [grey]→[/] {Markup.Escape(step.Hint)}");
        }
    }

    // The writers are redacting wrappers around the console, so Spectre cannot detect the terminal itself.
    private static IAnsiConsole Create(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Console.IsOutputRedirected ? 120 : Math.Max(Console.WindowWidth, 80);
        return console;
    }
}
