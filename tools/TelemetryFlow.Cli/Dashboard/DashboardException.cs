namespace TelemetryFlow.Cli.Dashboard;

/// <summary>The dashboard could not be fetched or started: what happened, the evidence, and what to do.</summary>
internal sealed class DashboardException(string message, IReadOnlyList<string> details, string hint) : Exception(message)
{
    public IReadOnlyList<string> Details { get; } = details;

    public string Hint { get; } = hint;
}
