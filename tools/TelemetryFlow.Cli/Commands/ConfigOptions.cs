using System.CommandLine;

namespace TelemetryFlow.Cli.Commands;

/// <summary>The configuration flags shared by <c>init</c>, <c>config</c> and <c>doctor</c>, named as in the Python and Go CLIs.</summary>
internal sealed class ConfigOptions(bool writesFiles = true)
{
    public Option<string?> Project { get; } = new("--project", "-p")
    {
        Description = "The project directory (or its .csproj file). Default: the current directory.",
        HelpName = "path",
    };

    public Option<string?> Service { get; } = new("--service", "-s")
    {
        Description = "Service name (service.name, TELEMETRYFLOW_SERVICE_NAME)." + (writesFiles ? " Default: the project's name." : string.Empty),
        HelpName = "name",
    };

    public Option<string?> KeyId { get; } = new("--key-id")
    {
        Description = "API key id, tfk_… (TELEMETRYFLOW_API_KEY_ID).",
        HelpName = "tfk_id",
    };

    public Option<string?> KeySecret { get; } = new("--key-secret")
    {
        Description = "API key secret, tfs_…. Avoid it: other users see it in the process list and it stays in shell history. "
            + $"Prefer --key-secret-stdin, or {TelemetryFlowEnvironmentVariables.ApiKeySecret} in the environment, "
            + (writesFiles ? "which is used when neither option is given." : "which doctor reads like the SDK.")
            + " Never printed: shown masked.",
        HelpName = "secret",
    };

    public Option<bool> KeySecretStdin { get; } = new("--key-secret-stdin")
    {
        Description = $"Read the API key secret from standard input (the first line, trimmed), so it stays out of the process list: "
            + $"for example `secret-tool lookup telemetryflow key | {Program.CommandName} ... --key-secret-stdin`.",
    };

    public Option<string?> Endpoint { get; } = new("--endpoint", "-e")
    {
        Description = $"OTLP endpoint: host:port or an http(s):// URL (TELEMETRYFLOW_ENDPOINT). Default: {TelemetryConfig.DefaultGrpcEndpoint} (gRPC), {TelemetryConfig.DefaultHttpEndpoint} (HTTP).",
        HelpName = "endpoint",
    };

    public Option<string?> Environment { get; } = new("--environment")
    {
        Description = "Deployment environment, e.g. production, staging (TELEMETRYFLOW_ENVIRONMENT)."
            + (writesFiles
                ? " Written only when given: otherwise the app's appsettings, then its host's environment name, decide."
                : $" Default: as the SDK resolves it (appsettings, then the host's environment name, else {TelemetryConfig.DefaultEnvironment})."),
        HelpName = "name",
    };

    public Option<string?> Protocol { get; } = CreateProtocolOption();

    public Option<bool> NoMetrics { get; } = new("--no-metrics") { Description = "Do not export metrics (TELEMETRYFLOW_ENABLE_METRICS=false)." };

    public Option<bool> NoLogs { get; } = new("--no-logs") { Description = "Do not export logs (TELEMETRYFLOW_ENABLE_LOGS=false)." };

    public Option<bool> NoTraces { get; } = new("--no-traces") { Description = "Do not export traces (TELEMETRYFLOW_ENABLE_TRACES=false)." };

    public Option<bool> V2 { get; } = new("--v2") { Description = "Use the TelemetryFlow v2 ingestion API: /v2/… paths (TELEMETRYFLOW_USE_V2_API=true)." };

    public Option<bool> Insecure { get; } = new("--insecure") { Description = "Allow plaintext (no TLS) export to a non-loopback host (TELEMETRYFLOW_INSECURE=true)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Project);
        command.Options.Add(Service);
        command.Options.Add(KeyId);
        command.Options.Add(KeySecret);
        command.Options.Add(KeySecretStdin);
        command.Options.Add(Endpoint);
        command.Options.Add(Environment);
        command.Options.Add(Protocol);
        command.Options.Add(NoMetrics);
        command.Options.Add(NoLogs);
        command.Options.Add(NoTraces);
        command.Options.Add(V2);
        command.Options.Add(Insecure);
    }

    /// <summary>The flags as given, with the secret read as <see cref="ReadKeySecret"/> says; <see langword="null"/> after reporting an error.</summary>
    public ConfigFlags? Read(ParseResult result, CliContext context)
    {
        if (!ReadKeySecret(result, context, out var keySecret))
        {
            return null;
        }

        return new(
            result.GetValue(Service),
            result.GetValue(KeyId),
            keySecret,
            result.GetValue(Endpoint),
            result.GetValue(Environment),
            ParseProtocol(result.GetValue(Protocol)),
            result.GetValue(NoMetrics),
            result.GetValue(NoLogs),
            result.GetValue(NoTraces),
            result.GetValue(V2),
            result.GetValue(Insecure));
    }

    /// <summary>
    /// The secret from <c>--key-secret-stdin</c>, else <c>--key-secret</c> (with a warning on stderr), else, for the
    /// commands that write files, <c>TELEMETRYFLOW_API_KEY_SECRET</c>. <c>doctor</c> leaves the environment to the SDK's
    /// own reading, so its report names the variable as the source.
    /// </summary>
    private bool ReadKeySecret(ParseResult result, CliContext context, out string? secret)
    {
        var argument = result.GetValue(KeySecret);
        if (result.GetValue(KeySecretStdin))
        {
            secret = null;
            if (argument is not null)
            {
                context.Ui.Error("give the API key secret one way: --key-secret-stdin or --key-secret, not both.");
                return false;
            }

            secret = context.Input.ReadLine()?.Trim();
            if (string.IsNullOrEmpty(secret))
            {
                context.Ui.Error($"--key-secret-stdin: standard input is empty; pipe the secret in, for example: printenv MY_SECRET | {Program.CommandName} {result.CommandResult.Command.Name} --key-secret-stdin.");
                return false;
            }

            context.Redactor.AddSecret(secret);
            return true;
        }

        if (!string.IsNullOrWhiteSpace(argument))
        {
            context.Ui.UsageWarning(
                "--key-secret puts the secret on the command line, where other users can read it in the process list (ps, /proc) "
                + $"and your shell keeps it in its history. Use --key-secret-stdin, or set {TelemetryFlowEnvironmentVariables.ApiKeySecret} in the environment.");
        }

        secret = argument ?? (writesFiles ? context.Environment(TelemetryFlowEnvironmentVariables.ApiKeySecret) : null);
        return true;
    }

    internal static TelemetryFlow.Protocol? ParseProtocol(string? value) => value?.ToUpperInvariant() switch
    {
        null => null,
        "GRPC" => TelemetryFlow.Protocol.Grpc,
        _ => TelemetryFlow.Protocol.HttpProtobuf,
    };

    private static Option<string?> CreateProtocolOption()
    {
        var option = new Option<string?>("--protocol")
        {
            Description = "OTLP transport: grpc (port 4317 by convention) or http (OTLP/HTTP protobuf, port 4318) (TELEMETRYFLOW_PROTOCOL). Default: grpc.",
            HelpName = "grpc|http",
        };
        option.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "grpc", "http");
        return option;
    }
}

/// <summary>The configuration flags as given; <see langword="null"/> or <see langword="false"/> means "not given".</summary>
internal sealed record ConfigFlags(
    string? Service,
    string? KeyId,
    string? KeySecret,
    string? Endpoint,
    string? Environment,
    Protocol? Protocol,
    bool NoMetrics,
    bool NoLogs,
    bool NoTraces,
    bool V2,
    bool Insecure);
