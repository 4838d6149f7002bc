namespace TelemetryFlow.Cli.Output;

/// <summary>The outcome of one diagnostic step.</summary>
internal enum StepStatus
{
    Pass,
    Warn,
    Fail,
    Skip,
}

/// <summary>One reported diagnostic step: what was checked, what was found, and what to do about it.</summary>
internal sealed record StepResult(string Name, StepStatus Status, string Detail, string? Hint = null)
{
    /// <summary>Items listed under the detail, such as each configuration error.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    public static StepResult Pass(string name, string detail) => new(name, StepStatus.Pass, detail);

    public static StepResult Fail(string name, string detail, string hint) => new(name, StepStatus.Fail, detail, hint);

    public static StepResult Warn(string name, string detail, string? hint = null) => new(name, StepStatus.Warn, detail, hint);

    public static StepResult Skip(string name, string detail) => new(name, StepStatus.Skip, detail);
}
