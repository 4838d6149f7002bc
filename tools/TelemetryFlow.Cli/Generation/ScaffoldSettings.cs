using TelemetryFlow.Application.Configuration;
using TelemetryFlow.Cli.Commands;
using TelemetryFlow.Cli.Configuration;

namespace TelemetryFlow.Cli.Generation;

/// <summary>
/// The settings <c>init</c> and <c>config</c> write: the flags, else what the project already configures (appsettings,
/// <c>TelemetryFlow__*</c> and <c>TELEMETRYFLOW_*</c> variables), else the SDK's defaults. The service version and the
/// environment are written only when given: a default written into <c>.env.telemetryflow</c> would outrank appsettings.
/// An API key secret the app keeps in an appsettings file stays there (<see cref="SecretKeptIn"/>): copying it would
/// leave a second copy to leak and to rotate.
/// </summary>
internal sealed record ScaffoldSettings(
    string ServiceName,
    string? ServiceVersion,
    string? KeyId,
    string? KeySecret,
    string Endpoint,
    Protocol Protocol,
    string? Environment,
    bool Metrics,
    bool Logs,
    bool Traces,
    bool UseV2Api,
    bool Insecure,
    string? SecretKeptIn = null)
{
    // Only to run the SDK's validation when the key was not given; never written anywhere.
    private const string PlaceholderKeyId = Credentials.KeyIdPrefix + "placeholder";
    private const string PlaceholderKeySecret = Credentials.KeySecretPrefix + "placeholder";

    public bool HasCredentials => !string.IsNullOrWhiteSpace(KeyId) && (!string.IsNullOrWhiteSpace(KeySecret) || SecretKeptIn is not null);

    public string ProtocolName => Protocol == Protocol.Grpc ? "grpc" : "http";

    /// <summary>The API key as it may be shown: the id, and the secret masked.</summary>
    public string MaskedKey => (KeyId ?? "(not set)") + ":" + (SecretKeptIn is not null ? $"(already configured: {SecretKeptIn})"
        : string.IsNullOrWhiteSpace(KeySecret) ? "(not set)" : Output.SecretRedactor.Mask);

    /// <summary>
    /// The values the generated files hold, named by the catalogue (the env file by variable, appsettings by key);
    /// a <see cref="bool"/> is written as <c>true</c>/<c>false</c>. Opt-in switches appear only when on.
    /// </summary>
    public IEnumerable<(Setting Setting, object? Value)> Values()
    {
        yield return (SettingCatalog.ApiKeyId, KeyId);
        if (SecretKeptIn is null)
        {
            yield return (SettingCatalog.ApiKeySecret, KeySecret);
        }

        yield return (SettingCatalog.Endpoint, Endpoint);
        yield return (SettingCatalog.Protocol, ProtocolName);
        yield return (SettingCatalog.ServiceName, ServiceName);
        if (ServiceVersion is not null)
        {
            yield return (SettingCatalog.ServiceVersion, ServiceVersion);
        }

        if (Environment is not null)
        {
            yield return (SettingCatalog.Environment, Environment);
        }

        yield return (SettingCatalog.EnableTraces, Traces);
        yield return (SettingCatalog.EnableMetrics, Metrics);
        yield return (SettingCatalog.EnableLogs, Logs);
        if (UseV2Api)
        {
            yield return (SettingCatalog.UseV2Api, true);
        }

        if (Insecure)
        {
            yield return (SettingCatalog.Insecure, true);
        }
    }

    /// <param name="flags">The flags given.</param>
    /// <param name="project">The project, whose name is the service name when nothing names one.</param>
    /// <param name="configured">The project's configuration (environment, env file, appsettings); none: nothing is configured.</param>
    public static ScaffoldSettings From(ConfigFlags flags, ProjectInfo project, ConfigurationLayers? configured = null)
    {
        Func<Setting, string?> existing = configured is null ? _ => null : configured.Configured;
        var secretKeptIn = Given(flags.KeySecret) is null ? configured?.AppSettingsOnlySource(SettingCatalog.ApiKeySecret) : null;
        var protocol = flags.Protocol
            ?? (existing(SettingCatalog.Protocol) is { } text ? ConfigOptions.ParseProtocol(text) : null)
            ?? TelemetryConfig.DefaultProtocol;
        return new ScaffoldSettings(
            ServiceName: Given(flags.Service) ?? existing(SettingCatalog.ServiceName) ?? ToServiceName(project.Name),
            ServiceVersion: null,
            KeyId: Given(flags.KeyId) ?? existing(SettingCatalog.ApiKeyId),
            KeySecret: secretKeptIn is null ? Given(flags.KeySecret) ?? existing(SettingCatalog.ApiKeySecret) : null,
            Endpoint: Given(flags.Endpoint) ?? existing(SettingCatalog.Endpoint)
                ?? (protocol == Protocol.Grpc ? TelemetryConfig.DefaultGrpcEndpoint : TelemetryConfig.DefaultHttpEndpoint),
            Protocol: protocol,
            Environment: Given(flags.Environment),
            Metrics: !flags.NoMetrics,
            Logs: !flags.NoLogs,
            Traces: !flags.NoTraces,
            UseV2Api: flags.V2,
            Insecure: flags.Insecure,
            SecretKeptIn: secretKeptIn);
    }

    private static string? Given(string? flag) => string.IsNullOrWhiteSpace(flag) ? null : flag.Trim();

    /// <summary>
    /// Checks the values with the SDK's own rules (the builder), so a file is never written with a value the SDK would
    /// reject at startup. A missing key is allowed here: the files then carry an empty value to fill in.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, value) in TextValues())
        {
            if (value is not null && value.AsSpan().IndexOfAny("\r\n'") >= 0)
            {
                errors.Add($"{name} cannot contain a line break or a single quote.");
            }
        }

        var builder = new TelemetryFlowBuilder()
            .WithApiKey(string.IsNullOrWhiteSpace(KeyId) ? PlaceholderKeyId : KeyId, string.IsNullOrWhiteSpace(KeySecret) ? PlaceholderKeySecret : KeySecret)
            .WithEndpoint(Endpoint)
            .WithProtocol(Protocol)
            .WithService(ServiceName, ServiceVersion)
            .WithEnvironment(Environment ?? TelemetryConfig.DefaultEnvironment)
            .WithSignals(Metrics, Logs, Traces)
            .WithV2Api(UseV2Api)
            .WithInsecure(Insecure);
        if (!builder.TryBuild(out _, out var sdkErrors))
        {
            errors.AddRange(sdkErrors);
        }

        return errors;
    }

    private IEnumerable<(string Name, string? Value)> TextValues() =>
    [
        ("--service", ServiceName), ("--key-id", KeyId), ("--key-secret", KeySecret), ("--endpoint", Endpoint), ("--environment", Environment),
    ];

    private static string ToServiceName(string projectName)
    {
        var chars = projectName.Trim().Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? char.ToLowerInvariant(c) : '-').ToArray();
        var name = new string(chars).Trim('-');
        return name.Length == 0 ? "my-service" : name;
    }
}
