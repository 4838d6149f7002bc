using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using TelemetryFlow.Cli.Commands;
using TelemetryFlow.Application.Configuration;

namespace TelemetryFlow.Cli.Configuration;

/// <summary>
/// The configuration sources of a project, gathered the way an app on the generic host sees them:
/// <c>appsettings.json</c> &lt; <c>appsettings.{Environment}.json</c> &lt; <c>appsettings.TelemetryFlow.json</c> &lt;
/// <c>TelemetryFlow__*</c> environment variables (all in the <c>TelemetryFlow</c> section), then, read by the SDK
/// above that section, <c>.env.telemetryflow</c> &lt; the environment &lt; flags.
/// </summary>
internal sealed class ConfigurationLayers
{
    public const string SectionName = "TelemetryFlow";
    public const string SnippetFileName = Generation.AppSettingsTemplate.FileName;

    // The host's environment-variables provider maps TelemetryFlow__Endpoint to TelemetryFlow:Endpoint; only the
    // catalogue's one-value keys can be probed by name.
    internal static readonly string[] ScalarKeys =
        SettingCatalog.AppSettings.Where(s => s.Shape == SettingShape.Scalar).Select(s => s.Name).ToArray();

    private readonly Func<string, string?> _processEnvironment;
    private readonly IReadOnlyDictionary<string, string> _envFile;

    private ConfigurationLayers(IConfigurationRoot configuration, Func<string, string?> processEnvironment, IReadOnlyDictionary<string, string> envFile, string? envFilePath, string hostEnvironment)
    {
        Configuration = configuration;
        _processEnvironment = processEnvironment;
        _envFile = envFile;
        EnvFilePath = envFilePath;
        HostEnvironment = hostEnvironment;
    }

    public IConfigurationRoot Configuration { get; }

    public IConfigurationSection Section => Configuration.GetSection(SectionName);

    public string? EnvFilePath { get; }

    public string HostEnvironment { get; }

    /// <summary>The files that exist and were read, lowest precedence first.</summary>
    public IReadOnlyList<string> Files => Configuration.Providers.OfType<JsonConfigurationProvider>()
        .Where(p => p.Source.FileProvider?.GetFileInfo(p.Source.Path ?? string.Empty).Exists == true)
        .Select(p => p.Source.Path!)
        .Concat(EnvFilePath is null ? [] : [Path.GetFileName(EnvFilePath)])
        .ToList();

    /// <summary>What the SDK reads as its environment: the process environment over the env file.</summary>
    public string? ReadVariable(string name) => _processEnvironment(name) ?? _envFile.GetValueOrDefault(name);

    public static ConfigurationLayers Load(string projectDirectory, string? hostEnvironment, string? envFilePath, Func<string, string?> environment)
    {
        var hostName = hostEnvironment
            ?? environment("ASPNETCORE_ENVIRONMENT")
            ?? environment("DOTNET_ENVIRONMENT")
            ?? "Production";
        var fromEnvironment = ScalarKeys
            .Select(key => (Key: key, Value: environment($"{SectionName}__{key}")))
            .Where(pair => pair.Value is not null)
            .Select(pair => new KeyValuePair<string, string?>($"{SectionName}:{pair.Key}", pair.Value));
        var configuration = new ConfigurationBuilder()
            .SetBasePath(projectDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{hostName}.json", optional: true, reloadOnChange: false)
            .AddJsonFile(SnippetFileName, optional: true, reloadOnChange: false)
            .AddInMemoryCollection(fromEnvironment)
            .Build();

        var envFile = envFilePath is not null && File.Exists(envFilePath)
            ? DotEnvFile.Read(envFilePath)
            : new Dictionary<string, string>();
        return new ConfigurationLayers(configuration, environment, envFile, envFilePath is not null && File.Exists(envFilePath) ? envFilePath : null, hostName);
    }

    /// <summary>Where the effective value of a setting came from, highest precedence first, as the SDK resolves it.</summary>
    public string SourceOf(Setting setting, bool setByFlag)
    {
        if (setByFlag)
        {
            return "flag";
        }

        // The SDK takes the first variable set, in the catalogue's order, wherever it is set (environment over file),
        // then a standard key of OTEL_RESOURCE_ATTRIBUTES, then appsettings, then (environment name only) the host.
        foreach (var name in setting.Variables)
        {
            if (VariableSource(name) is { } found)
            {
                return found;
            }
        }

        if (setting.AlsoReadFrom.Contains(TelemetryFlowEnvironmentVariables.OtelResourceAttributes) && ResourceAttributeSource(setting) is { } attribute)
        {
            return attribute;
        }

        if (SectionProvider(setting) is { } provider)
        {
            return provider is JsonConfigurationProvider json ? $"{SectionName}:{setting.Name} in {json.Source.Path}" : $"{SectionName}__{setting.Name}";
        }

        if (setting == SettingCatalog.Environment)
        {
            foreach (var name in HostEnvironmentLayer.GenericVariables)
            {
                if (VariableSource(name) is { } found)
                {
                    return found + ", lowercased";
                }
            }

            return $"the host's environment name '{HostEnvironment}', lowercased";
        }

        return "default";
    }

    private string? VariableSource(string name)
    {
        if (!string.IsNullOrWhiteSpace(_processEnvironment(name)))
        {
            return name;
        }

        return string.IsNullOrWhiteSpace(_envFile.GetValueOrDefault(name)) ? null : $"{name} in {Path.GetFileName(EnvFilePath)}";
    }

    /// <summary>The key of <c>OTEL_RESOURCE_ATTRIBUTES</c> that sets <paramref name="setting"/>, read as the SDK reads it.</summary>
    private string? ResourceAttributeSource(Setting setting)
    {
        var name = TelemetryFlowEnvironmentVariables.OtelResourceAttributes;
        var where = VariableSource(name);
        foreach (var entry in (ReadVariable(name) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && entry[(equals + 1)..].Trim().Length > 0 && EnvironmentSettingsReader.SettingOfResourceAttribute(entry[..equals].Trim()) == setting)
            {
                return $"{entry[..equals].Trim()} in {where}";
            }
        }

        return null;
    }

    /// <summary>
    /// A boolean as the layers below the flags set it, for flags that turn one of several values off
    /// (<c>WithSignals</c> sets all three at once). Unparsable text counts as unset: the SDK reports it.
    /// </summary>
    public bool LowerBoolean(Setting<bool> setting)
    {
        var text = ReadVariable(setting.Variable!) ?? Section[setting.Name];
        return text is not null && SettingParsers.TryParseBoolean(text, out var value) ? value : setting.Default;
    }

    /// <summary>
    /// A setting's text as the project already configures it, for <c>init</c> and <c>config</c>: its variables in the
    /// catalogue's order (environment over the env file), then the appsettings section.
    /// </summary>
    public string? Configured(Setting setting) =>
        setting.Variables.Select(name => NonBlank(ReadVariable(name))).FirstOrDefault(value => value is not null)
        ?? NonBlank(Section[setting.Name]);

    /// <summary>
    /// Where an appsettings file sets <paramref name="setting"/> (<c>TelemetryFlow:Key in file</c>) when no variable
    /// does, else <see langword="null"/>: <c>init</c> leaves such a secret where it is instead of copying it.
    /// </summary>
    public string? AppSettingsOnlySource(Setting setting)
    {
        if (setting.Variables.Any(name => NonBlank(ReadVariable(name)) is not null))
        {
            return null;
        }

        return SectionProvider(setting) is JsonConfigurationProvider json ? $"{SectionName}:{setting.Name} in {json.Source.Path}" : null;
    }

    /// <summary>The provider whose value of <paramref name="setting"/> in the section wins (appsettings files, <c>TelemetryFlow__*</c>), if any.</summary>
    private IConfigurationProvider? SectionProvider(Setting setting) =>
        Configuration.Providers.Reverse().FirstOrDefault(p => p.TryGet($"{SectionName}:{setting.Name}", out var value) && !string.IsNullOrWhiteSpace(value));

    /// <summary>The layers of a project directory and its <c>.env.telemetryflow</c>; none when the directory does not exist yet.</summary>
    public static ConfigurationLayers? ForProject(string projectDirectory, Func<string, string?> environment) =>
        Directory.Exists(projectDirectory)
            ? Load(projectDirectory, null, Path.Combine(projectDirectory, Generation.EnvFileTemplate.FileName), environment)
            : null;

    /// <summary>A text value as the layers below the flags set it.</summary>
    public string? LowerText(Setting setting) =>
        NonBlank(ReadVariable(setting.Variable!)) ?? NonBlank(Section[setting.Name]);

    /// <summary>Applies the flags as code settings, the highest precedence, as an app's AddTelemetryFlow callback would.</summary>
    public void ApplyFlags(TelemetryFlowBuilder builder, ConfigFlags flags)
    {
        if (flags.KeyId is not null || flags.KeySecret is not null)
        {
            // WithApiKey sets both parts: the one not given keeps its value from the lower layers.
            builder.WithApiKey(
                flags.KeyId ?? LowerText(SettingCatalog.ApiKeyId) ?? string.Empty,
                flags.KeySecret ?? LowerText(SettingCatalog.ApiKeySecret) ?? string.Empty);
        }

        if (flags.Endpoint is not null)
        {
            builder.WithEndpoint(flags.Endpoint);
        }

        if (flags.Service is not null)
        {
            builder.WithService(flags.Service);
        }

        if (flags.Environment is not null)
        {
            builder.WithEnvironment(flags.Environment);
        }

        if (flags.Protocol is { } protocol)
        {
            builder.WithProtocol(protocol);
        }

        if (flags.NoMetrics || flags.NoLogs || flags.NoTraces)
        {
            builder.WithSignals(
                metrics: !flags.NoMetrics && LowerBoolean(SettingCatalog.EnableMetrics),
                logs: !flags.NoLogs && LowerBoolean(SettingCatalog.EnableLogs),
                traces: !flags.NoTraces && LowerBoolean(SettingCatalog.EnableTraces));
        }

        if (flags.V2)
        {
            builder.WithV2Api();
        }

        if (flags.Insecure)
        {
            builder.WithInsecure();
        }
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
