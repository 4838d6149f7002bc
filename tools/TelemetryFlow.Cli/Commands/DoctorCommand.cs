using System.CommandLine;
using TelemetryFlow.Application.Configuration;
using TelemetryFlow.Cli.Configuration;
using TelemetryFlow.Cli.Doctor;
using TelemetryFlow.Cli.Generation;

namespace TelemetryFlow.Cli.Commands;

/// <summary><c>doctor</c>: loads the configuration as the SDK does and checks it end to end.</summary>
internal static class DoctorCommand
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static Command Create(CliContext context)
    {
        var options = new ConfigOptions(writesFiles: false);
        var timeout = Durations.Option("--timeout", DefaultTimeout, "Time each check may take (DNS, TCP, TLS, the test export):", example: "10s", aliases: ["-t"]);
        var hostEnvironment = new Option<string?>("--host-environment")
        {
            Description = "Host environment that selects appsettings.{Environment}.json. Default: ASPNETCORE_ENVIRONMENT, else DOTNET_ENVIRONMENT, else Production.",
            HelpName = "name",
        };
        var envFile = new Option<string?>("--env-file")
        {
            Description = $"File of TELEMETRYFLOW_* variables read below the real environment, as the generated setup class does. Default: {EnvFileTemplate.FileName} in the project directory, when present.",
            HelpName = "path",
        };

        var command = new Command(
            "doctor",
            "Check a configuration end to end: loads it exactly as the SDK does (flags > environment > .env.telemetryflow > appsettings > defaults) and validates it, "
            + "resolves the endpoint (DNS), connects (TCP), checks TLS, then sends one test span, metric and log with a real client and reports what the backend accepted. "
            + "Exits non-zero when a check fails; never prints the API key secret.");
        options.AddTo(command);
        command.Options.Add(timeout);
        command.Options.Add(hostEnvironment);
        command.Options.Add(envFile);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (options.Read(result, context) is not { } flags)
            {
                return Program.Failure;
            }

            context.Redactor.AddSecret(flags.KeySecret);
            var project = context.ResolvePath(result.GetValue(options.Project) ?? ".");
            var directory = project.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) ? Path.GetDirectoryName(project)! : project;
            if (!Directory.Exists(directory))
            {
                context.Ui.Error($"--project {directory} does not exist.");
                return Program.Failure;
            }

            var envFilePath = result.GetValue(envFile) is { } path ? context.ResolvePath(path) : Path.Combine(directory, EnvFileTemplate.FileName);
            var layers = ConfigurationLayers.Load(directory, result.GetValue(hostEnvironment), envFilePath, context.Environment);
            context.Redactor.AddSecret(layers.ReadVariable(TelemetryFlowEnvironmentVariables.ApiKeySecret));
            context.Redactor.AddSecret(layers.Section[SettingCatalog.ApiKeySecret.Name]);

            context.Ui.Heading($"{Program.CommandName} doctor: {directory}");
            var runner = new DoctorRunner(context, layers, flags, result.GetValue(timeout) ?? DefaultTimeout);
            return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
