using System.CommandLine;
using TelemetryFlow.Cli.Configuration;
using TelemetryFlow.Cli.Generation;

namespace TelemetryFlow.Cli.Commands;

/// <summary><c>config</c>: only the env file.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext context)
    {
        var options = new ConfigOptions();
        var output = InitCommand.OutputOption("Directory to write the file into. Default: the project directory.");
        var force = InitCommand.ForceOption();
        var command = new Command("config", $"Write only {EnvFileTemplate.FileName}: every setting as a TELEMETRYFLOW_* variable. Never overwrites it without --force.");
        options.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(result =>
        {
            var project = ProjectInfo.Inspect(context.ResolvePath(result.GetValue(options.Project) ?? "."));
            var directory = context.ResolvePath(result.GetValue(output) ?? project.Directory);
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

            context.Ui.Heading($"TelemetryFlow settings for '{settings.ServiceName}' in {directory}");
            var files = new FileSet(directory).Add(EnvFileTemplate.FileName, EnvFileTemplate.Render(settings), holdsSecret: true);
            if (!FileSetWriter.TryWrite(context, files, result.GetValue(force)))
            {
                return Program.Failure;
            }

            context.Ui.Properties(InitCommand.Summary(settings));
            if (!settings.HasCredentials)
            {
                context.Ui.Warning($"no API key given: fill in {TelemetryFlowEnvironmentVariables.ApiKeyId} and {TelemetryFlowEnvironmentVariables.ApiKeySecret} in {EnvFileTemplate.FileName}.");
            }

            FileSetWriter.WarnAboutSecretFile(context, directory, settings.HasCredentials);
            return Program.Success;
        });
        return command;
    }
}
