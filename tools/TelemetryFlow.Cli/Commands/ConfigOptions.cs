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
        Description = "API key secret (TELEMETRYFLOW_API_KEY_SECRET). Never printed: shown masked.",
        HelpName = "secret",
    };

    public Option<string?> Endpoint { get; } = new("--endpoint", "-e")
    {
        Description = $"OTLP endpoint: host:port or an http(s):// URL (TELEMETRYFLOW_ENDPOINT). Default: {TelemetryConfig.DefaultGrpcEndpoint} (gRPC), {TelemetryConfig.DefaultHttpEndpoint} (HTTP).",
        HelpName = "endpoint",
    };

    public Option<string?> Environment { get; } = new("--environment")
    {
        Description = $"Deployment environment, e.g. production, staging (TELEMETRYFLOW_ENVIRONMENT). Default: {TelemetryConfig.DefaultEnvironment}.",
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
        command.Options.Add(Endpoint);
        command.Options.Add(Environment);
        command.Options.Add(Protocol);
        command.Options.Add(NoMetrics);
        command.Options.Add(NoLogs);
        command.Options.Add(NoTraces);
        command.Options.Add(V2);
        command.Options.Add(Insecure);
    }

    public ConfigFlags Read(ParseResult result) => new(
        result.GetValue(Service),
        result.GetValue(KeyId),
        result.GetValue(KeySecret),
        result.GetValue(Endpoint),
        result.GetValue(Environment),
        ParseProtocol(result.GetValue(Protocol)),
        result.GetValue(NoMetrics),
        result.GetValue(NoLogs),
        result.GetValue(NoTraces),
        result.GetValue(V2),
        result.GetValue(Insecure));

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
