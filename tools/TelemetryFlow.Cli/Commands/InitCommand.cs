using System.CommandLine;
using TelemetryFlow.Cli.Configuration;
using TelemetryFlow.Cli.Generation;
using TelemetryFlow.Cli.Output;

namespace TelemetryFlow.Cli.Commands;

/// <summary><c>init</c>: the env file, the appsettings snippet and the setup class for one project.</summary>
internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        var options = new ConfigOptions();
        var output = OutputOption("Directory to write the files into. Default: the project directory.");
        var force = ForceOption();
        var app = new Option<string?>("--app")
        {
            Description = "Setup code to generate: web (AddAppTelemetry + UseTelemetryFlow), worker (AddAppTelemetry) or console (TelemetrySetup.CreateClient()). Default: detected from the project file.",
            HelpName = "web|worker|console",
        };
        app.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "web", "worker", "console");

        var command = new Command("init", $"Set up a project: writes {EnvFileTemplate.FileName}, {AppSettingsTemplate.FileName} and {SetupClassTemplate.RelativePath}, and prints the lines to add to Program.cs. Never overwrites a file without --force.");
        options.AddTo(command);
        command.Options.Add(app);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(result =>
        {
            var project = ProjectInfo.Inspect(context.ResolvePath(result.GetValue(options.Project) ?? "."));
            var directory = context.ResolvePath(result.GetValue(output) ?? project.Directory);
            var kind = result.GetValue(app)?.ToUpperInvariant() switch
            {
                "WEB" => AppKind.Web,
                "WORKER" => AppKind.Worker,
                "CONSOLE" => AppKind.Console,
                _ => Detect(project),
            };
            if (options.Read(result, context) is not { } flags)
            {
                return Program.Failure;
            }

            var settings = ScaffoldSettings.From(flags, project, ConfigurationLayers.ForProject(project.Directory, context.Environment));
            context.Redactor.AddSecret(settings.KeySecret);
            var errors = settings.Validate();
            if (errors.Count > 0)
            {
                return FileSetWriter.ReportInvalid(context, errors);
            }

            // Code the app already has is not generated again: a second registration would duplicate it.
            var wiring = AppWiring.Inspect(project, kind);
            var files = new FileSet(directory)
                .Add(EnvFileTemplate.FileName, EnvFileTemplate.Render(settings), holdsSecret: true)
                .Add(AppSettingsTemplate.FileName, AppSettingsTemplate.Render(settings));
            if (wiring.RegisteredAt is null)
            {
                files.Add(SetupClassTemplate.RelativePath, SetupClassTemplate.Render(kind, project.RootNamespace));
            }

            var ui = context.Ui;
            ui.Heading($"TelemetryFlow setup for '{settings.ServiceName}' ({Describe(kind)}) in {directory}");
            if (!FileSetWriter.TryWrite(context, files, result.GetValue(force)))
            {
                return Program.Failure;
            }

            ui.Properties(Summary(settings));
            ui.Line();
            ReportWiring(ui, wiring, kind, project);
            if (kind != AppKind.Console)
            {
                ui.Line($"Merge the \"TelemetryFlow\" section of {AppSettingsTemplate.FileName} into appsettings.json, or load the file:");
                ui.Code([$"builder.Configuration.AddJsonFile(\"{AppSettingsTemplate.FileName}\", optional: true);"]);
            }
            else
            {
                ui.Line($"A console app reads its settings from the environment and {EnvFileTemplate.FileName}; {AppSettingsTemplate.FileName} applies to apps on the generic host.");
            }

            if (!settings.HasCredentials)
            {
                ui.Warning($"no API key given: fill in {TelemetryFlowEnvironmentVariables.ApiKeyId} and {TelemetryFlowEnvironmentVariables.ApiKeySecret} in {EnvFileTemplate.FileName} (or rerun with --key-id and --key-secret-stdin, and --force).");
            }

            FileSetWriter.WarnAboutSecretFile(context, directory, settings.HasCredentials);
            var sameDirectory = string.Equals(Path.GetFullPath(directory), Path.GetFullPath(project.Directory), StringComparison.Ordinal);
            ui.Line($"Check it end to end: {Program.CommandName} doctor{(sameDirectory ? string.Empty : " --project " + directory)}");
            return Program.Success;
        });
        return command;
    }

    /// <summary>Says what the app still needs: the package, the lines for Program.cs it does not have yet, a health endpoint.</summary>
    private static void ReportWiring(Ui ui, AppWiring wiring, AppKind kind, ProjectInfo project)
    {
        if (!wiring.ReferencesPackage)
        {
            ui.Line($"Add the {wiring.Package} package:");
            ui.Code([wiring.AddPackageCommand(project)]);
        }

        var lines = SetupClassTemplate.ProgramLines(kind, project.RootNamespace).ToList();
        if (wiring.RegisteredAt is not null)
        {
            ui.Line($"The app already registers TelemetryFlow ({wiring.RegisteredAt}), so no {SetupClassTemplate.RelativePath} was written: registering it again would duplicate it.");
            lines.RemoveAll(line => line.Contains("AddAppTelemetry", StringComparison.Ordinal));
        }

        if (wiring.UsesMiddleware)
        {
            lines.RemoveAll(line => line.Contains("UseTelemetryFlow", StringComparison.Ordinal));
        }

        if (lines.Count > 0)
        {
            ui.Line($"Add {(lines.Count == 1 ? "this line" : "these lines")} to Program.cs:");
            ui.Code(lines);
        }

        if (kind == AppKind.Web && !wiring.MapsHealthChecks)
        {
            ui.Warning("the app maps no health check endpoint, so the telemetryflow health check is registered but not served (GET /health is 404). Add after builder.Build():");
            ui.Code(["app.MapHealthChecks(\"/health\");"]);
        }
    }

    internal static Option<string?> OutputOption(string description) => new("--output", "-o")
    {
        Description = description,
        HelpName = "dir",
    };

    internal static Option<bool> ForceOption() => new("--force", "-f")
    {
        Description = "Overwrite files that already exist.",
    };

    internal static IReadOnlyList<KeyValuePair<string, string>> Summary(ScaffoldSettings settings) =>
    [
        new("Service", settings.ServiceName + (settings.ServiceVersion is { } version ? " " + version : string.Empty)),
        new("Environment", settings.Environment ?? "not written: the SDK takes appsettings, then the host's environment name"),
        new("Endpoint", $"{settings.Endpoint} ({(settings.Protocol == Protocol.Grpc ? "OTLP/gRPC" : "OTLP/HTTP")}{(settings.UseV2Api ? ", v2 API" : string.Empty)}{(settings.Insecure ? ", insecure" : string.Empty)})"),
        new("API key", settings.MaskedKey),
        new("Signals", string.Join(", ", new[] { (settings.Traces, "traces"), (settings.Metrics, "metrics"), (settings.Logs, "logs") }.Where(s => s.Item1).Select(s => s.Item2).DefaultIfEmpty("none"))),
    ];

    private static AppKind Detect(ProjectInfo project) => project switch
    {
        { ProjectFile: null } => AppKind.Web,
        { IsHosted: false } => AppKind.Console,
        _ when File.ReadAllText(project.ProjectFile).Contains("Microsoft.NET.Sdk.Worker", StringComparison.OrdinalIgnoreCase) => AppKind.Worker,
        _ => AppKind.Web,
    };

    private static string Describe(AppKind kind) => kind switch
    {
        AppKind.Web => "ASP.NET Core app",
        AppKind.Worker => "worker service",
        _ => "console app",
    };
}
