using System.CommandLine;

namespace TelemetryFlow.Cli.Commands;

/// <summary><c>version</c>: this tool's version and the SDK version it generates code for.</summary>
internal static class VersionCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("version", "Print the telemetryflow-gen version and the TelemetryFlow SDK version it targets.");
        command.SetAction(_ =>
        {
            context.Ui.Properties(
            [
                new(Program.CommandName, CliVersion.Tool),
                new("TelemetryFlow SDK", $"{CliVersion.Sdk} ({TelemetryConfig.DistroName})"),
                new(".NET runtime", System.Environment.Version.ToString()),
            ]);
            return Program.Success;
        });
        return command;
    }
}
