using System.CommandLine;
using TelemetryFlow.Cli.Generation;

namespace TelemetryFlow.Cli.Commands;

/// <summary><c>example</c>: a runnable example project of one kind.</summary>
internal static class ExampleCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("kind")
        {
            Description = "The example: " + string.Join("; ", ExampleKind.All.Select(k => $"{k.Name}: {k.Description}")) + ".",
            HelpName = string.Join('|', ExampleKind.All.Select(k => k.Name)),
        };
        kind.AcceptOnlyFromAmong([.. ExampleKind.All.Select(k => k.Name)]);
        var output = InitCommand.OutputOption("Directory to write the project into. Default: ./telemetryflow-example-<kind>.");
        var force = InitCommand.ForceOption();
        var service = new Option<string?>("--service", "-s")
        {
            Description = "Service name written to appsettings.json. Default: telemetryflow-example-<kind>.",
            HelpName = "name",
        };
        var sdkVersion = new Option<string>("--sdk-version")
        {
            Description = $"Version of the {ExampleKind.CorePackageId} / {ExampleKind.AspNetCorePackageId} packages to reference; by default the SDK version this tool was built with.",
            HelpName = "version",
            DefaultValueFactory = _ => CliVersion.Sdk,
        };
        var sdkSource = new Option<string?>("--sdk-source")
        {
            Description = "Path to a TelemetryFlow .NET SDK checkout: reference its src projects (ProjectReference) instead of the packages, to build against unpublished SDK code.",
            HelpName = "repo",
        };

        var command = new Command("example", "Write a runnable example project (csproj, Program.cs, setup class, appsettings) that uses the TelemetryFlow SDK. Never overwrites a file without --force.")
        {
            kind,
            output,
            force,
            service,
            sdkVersion,
            sdkSource,
        };
        command.SetAction(result =>
        {
            var example = ExampleKind.Find(result.GetRequiredValue(kind))!;
            var directory = context.ResolvePath(result.GetValue(output) ?? $"telemetryflow-example-{example.Name}");
            string? sourceRoot = null;
            if (result.GetValue(sdkSource) is { } source)
            {
                sourceRoot = context.ResolvePath(source);
                var project = Path.Combine(sourceRoot, example.SourceProject);
                if (!File.Exists(project))
                {
                    context.Ui.Error($"--sdk-source {sourceRoot} is not a TelemetryFlow .NET SDK checkout: {example.SourceProject} is missing there.");
                    return Program.Failure;
                }
            }

            var serviceName = result.GetValue(service) ?? $"telemetryflow-example-{example.Name}";
            var settings = ScaffoldSettings.From(new ConfigFlags(serviceName, null, null, null, "development", null, false, false, false, false, false), ProjectInfo.Inspect(directory));
            var errors = settings.Validate();
            if (errors.Count > 0)
            {
                return FileSetWriter.ReportInvalid(context, errors);
            }

            var sdk = new ExampleTemplates.SdkReference(result.GetRequiredValue(sdkVersion), sourceRoot);
            context.Ui.Heading($"TelemetryFlow example '{example.Name}' ({example.ProjectName}) in {directory}");
            if (!FileSetWriter.TryWrite(context, ExampleTemplates.Create(example, directory, settings, sdk), result.GetValue(force)))
            {
                return Program.Failure;
            }

            context.Ui.Properties(
            [
                new("Project", $"{example.ProjectName} ({example.Sdk})"),
                new("SDK", sourceRoot is null ? $"{example.PackageId} {sdk.PackageVersion} (package)" : $"{Path.Combine(sourceRoot, example.SourceProject)} (project reference)"),
                new("Service", settings.ServiceName),
            ]);
            context.Ui.Line();
            context.Ui.Line("Next:");
            context.Ui.Code(
            [
                $"cd {directory}",
                $"{Program.CommandName} config --service {settings.ServiceName} --key-id <tfk_id> --endpoint <host:port> --key-secret-stdin   # then paste the secret",
                "dotnet run",
            ]);
            return Program.Success;
        });
        return command;
    }
}
