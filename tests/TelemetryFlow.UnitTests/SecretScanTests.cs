using System.Reflection;
using TelemetryFlow.Application.Configuration;
using TelemetryFlow.Implementation;

namespace TelemetryFlow.UnitTests;

/// <summary>
/// Renders everything the SDK can show a user (exception messages, ToString, resource attributes) for
/// configurations built around a distinctive secret, and checks the secret leaves only through the two
/// header values that must carry it.
/// </summary>
public sealed class SecretScanTests
{
    private const string CanaryCore = "S3CR3T_CANARY_9f8e7d";
    private const string Canary = "tfs_" + CanaryCore;
    private const string KeyId = "tfk_canary_key";

    /// <summary>Each scenario provokes output that a user could see or log.</summary>
    private static readonly Dictionary<string, Func<IEnumerable<string>>> Scenarios = new(StringComparer.Ordinal)
    {
        ["credentials: valid"] = () => [new Credentials(KeyId, Canary).ToString()],
        ["credentials: secret with space"] = () => CredentialsError(KeyId, Canary + " x"),
        ["credentials: secret with tab"] = () => CredentialsError(KeyId, Canary + "\tx"),
        ["credentials: secret with CR"] = () => CredentialsError(KeyId, Canary + "\r"),
        ["credentials: secret with LF"] = () => CredentialsError(KeyId, Canary + "\n"),
        ["credentials: secret with CRLF"] = () => CredentialsError(KeyId, Canary + "\r\n"),
        ["credentials: secret with comma"] = () => CredentialsError(KeyId, Canary + ",x"),
        ["credentials: secret with non-ascii"] = () => CredentialsError(KeyId, Canary + "\u00E9"),
        ["credentials: secret with DEL"] = () => CredentialsError(KeyId, Canary + "\u007F"),
        ["credentials: secret without prefix"] = () => CredentialsError(KeyId, CanaryCore),
        ["credentials: secret with upper-case prefix"] = () => CredentialsError(KeyId, "TFS_" + CanaryCore),
        ["credentials: secret with key id prefix"] = () => CredentialsError(KeyId, "tfk_" + CanaryCore),
        ["credentials: secret and key id both malformed"] = () => CredentialsError("bad id", Canary + " "),
        ["credentials: secret passed as key id (arguments swapped)"] = () => CredentialsError(Canary, KeyId),
        ["credentials: Validate with malformed secret"] = () => Credentials.Validate(KeyId, Canary + ","),
        ["builder: malformed secret"] = () => BuildErrors(new TelemetryFlowBuilder().WithApiKey(KeyId, Canary + "\r\n").WithService("svc")),
        ["builder: secret without prefix"] = () => BuildErrors(new TelemetryFlowBuilder().WithApiKey(KeyId, CanaryCore).WithService("svc")),
        ["builder: secret passed as key id (arguments swapped)"] = () => BuildErrors(new TelemetryFlowBuilder().WithApiKey(Canary, KeyId).WithService("svc")),
        ["builder: valid secret, every other setting invalid"] = () => BuildErrors(new TelemetryFlowBuilder()
            .WithApiKey(KeyId, Canary)
            .WithEndpoint("http://collector.example:4318")
            .WithTimeout(TimeSpan.Zero)
            .WithRetry(maxAttempts: 0)
            .WithBatchSettings(maxExportBatchSize: 0)
            .WithRateLimit(-1)
            .WithSignals(false, false, false)
            .WithCollectorName("a,b")
            .WithCustomAttribute(string.Empty, "x")
            .WithV2Only()
            .WithTracesEndpoint("https://collector.example/v1/traces")),
        ["builder: secret in endpoint user info"] = () => BuildErrors(new TelemetryFlowBuilder().WithApiKey(KeyId, Canary).WithService("svc")
            .WithEndpoint($"https://{KeyId}:{Canary}@collector.example:4318")),
        ["builder: secret in user info of an endpoint with another scheme"] = () => BuildErrors(new TelemetryFlowBuilder().WithApiKey(KeyId, Canary).WithService("svc")
            .WithEndpoint($"grpc://{KeyId}:{Canary}@collector.example:4317")),
        ["builder: secret in endpoint query"] = () => BuildErrors(new TelemetryFlowBuilder().WithApiKey(KeyId, Canary).WithService("svc")
            .WithEndpoint($"https://collector.example:4318/otlp?api_key={Canary}")),
        ["builder: secret in traces endpoint user info"] = () => BuildErrors(new TelemetryFlowBuilder().WithApiKey(KeyId, Canary).WithService("svc")
            .WithTracesEndpoint($"https://{KeyId}:{Canary}@collector.example:4318/v1/traces")),
        ["environment: malformed secret"] = () => BuildErrors(new TelemetryFlowBuilder().WithService("svc").WithAutoConfiguration(
            TestConfigs.Variables($"TELEMETRYFLOW_API_KEY_ID={KeyId};TELEMETRYFLOW_API_KEY_SECRET={Canary},x").GetValueOrDefault)),
        ["environment: key id and secret variables swapped"] = () => BuildErrors(new TelemetryFlowBuilder().WithService("svc").WithAutoConfiguration(
            TestConfigs.Variables($"TELEMETRYFLOW_API_KEY_ID={Canary};TELEMETRYFLOW_API_KEY_SECRET={KeyId}").GetValueOrDefault)),
        ["environment: valid secret, malformed variables"] = () => BuildErrors(new TelemetryFlowBuilder().WithAutoConfiguration(
            TestConfigs.Variables($"TELEMETRYFLOW_API_KEY_ID={KeyId};TELEMETRYFLOW_API_KEY_SECRET={Canary};TELEMETRYFLOW_TIMEOUT=abc;TELEMETRYFLOW_INSECURE=yes;OTEL_RESOURCE_ATTRIBUTES=novalue").GetValueOrDefault)),
        ["builder exceptions"] = () =>
        [
            Assert.Throws<BuilderException>(() => new TelemetryFlowBuilder().WithApiKey(KeyId, Canary).WithProtocol((Protocol)99)).ToString(),
            Assert.Throws<BuilderException>(() => new TelemetryFlowBuilder().WithApiKey(KeyId, Canary).WithCompression((ExportCompression)99)).ToString(),
            Assert.Throws<BuilderException>(() => new TelemetryFlowBuilder().WithApiKey(KeyId, Canary).WithAutoConfiguration(null!)).ToString(),
            Assert.Throws<BuilderException>(() => new TelemetryFlowBuilder().WithApiKey(KeyId, Canary).WithCustomAttributes(null!)).ToString(),
        ],
        ["config: everything but the export headers"] = () => VisibleParts(ValidConfig()),
        ["config: settings layer from the environment"] = () => VisibleParts(new TelemetryFlowBuilder().WithAutoConfiguration(
            TestConfigs.Variables($"TELEMETRYFLOW_API_KEY_ID={KeyId};TELEMETRYFLOW_API_KEY_SECRET={Canary};TELEMETRYFLOW_SERVICE_NAME=svc").GetValueOrDefault).Build()),
    };

    public static TheoryData<string> ScenarioNames => new(Scenarios.Keys);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void RenderedOutput_Scenario_NeverContainsTheSecret(string scenario)
    {
        var texts = Scenarios[scenario]().ToList();

        Assert.NotEmpty(texts);
        var leaks = texts.Where(t => t.Contains(CanaryCore, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, $"The secret leaked in '{scenario}':{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}");
    }

    /// <summary>
    /// The forms a secret pasted into the wrong setting takes, and the key secret configured alongside it. The last
    /// form has no <c>tfs_</c> prefix, so only the "equals the configured secret" rule can hide it.
    /// </summary>
    private static readonly Dictionary<string, (string Value, string ConfiguredSecret)> MisplacedSecrets = new(StringComparer.Ordinal)
    {
        ["tfs_ prefixed"] = (Canary, "tfs_the_real_secret"),
        ["TFS_ prefixed (upper case)"] = ("TFS_" + CanaryCore, "tfs_the_real_secret"),
        ["prefixed, after other text"] = ("30s " + Canary, "tfs_the_real_secret"),
        ["the configured secret, without the prefix"] = (CanaryCore, CanaryCore),
    };

    /// <summary>A value no parsing setting accepts, to find out which settings quote a malformed value at all.</summary>
    private const string PlainMalformedValue = "not valid;x";

    /// <summary>Every variable the SDK reads: the public names and the deployment-environment fallbacks.</summary>
    public static TheoryData<string, string> EnvironmentVariablesWithMisplacedSecrets => Cross(
        typeof(TelemetryFlowEnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat(HostEnvironmentLayer.GenericVariables).Concat(HostEnvironmentLayer.HostVariables)
            .Union(SettingCatalog.All.SelectMany(s => s.Variables)));

    public static TheoryData<string, string> AppSettingsKeysWithMisplacedSecrets => Cross(SettingCatalog.AppSettings.Select(s => s.Name));

    public static TheoryData<string, string> BuilderSettersWithMisplacedSecrets => Cross(TextSetters.Keys);

    private const string KeyIdSetter = "WithApiKey (key id)";

    /// <summary>Every builder method that takes free text (the key id is set with the configured secret, below).</summary>
    private static readonly Dictionary<string, Action<TelemetryFlowBuilder, string>> TextSetters = new(StringComparer.Ordinal)
    {
        [KeyIdSetter] = (_, _) => { },
        ["WithEndpoint"] = (b, v) => b.WithEndpoint(v),
        ["WithTracesEndpoint"] = (b, v) => b.WithTracesEndpoint(v),
        ["WithMetricsEndpoint"] = (b, v) => b.WithMetricsEndpoint(v),
        ["WithLogsEndpoint"] = (b, v) => b.WithLogsEndpoint(v),
        ["WithService (name)"] = (b, v) => b.WithService(v),
        ["WithService (version)"] = (b, v) => b.WithService("svc", v),
        ["WithServiceNamespace"] = (b, v) => b.WithServiceNamespace(v),
        ["WithEnvironment"] = (b, v) => b.WithEnvironment(v),
        ["WithCollectorId"] = (b, v) => b.WithCollectorId(v),
        ["WithCollectorName"] = (b, v) => b.WithCollectorName(v),
        ["WithCollectorHostname"] = (b, v) => b.WithCollectorHostname(v),
        ["WithDatacenter"] = (b, v) => b.WithDatacenter(v),
        ["WithPersistentStorage"] = (b, v) => b.WithPersistentStorage(v),
        ["WithCustomAttribute (key)"] = (b, v) => b.WithCustomAttribute(v, "x"),
        ["WithTraceSources"] = (b, v) => b.WithTraceSources(v),
        ["WithMeters"] = (b, v) => b.WithMeters(v),
        ["WithPiiRedaction (pattern name)"] = (b, v) => b.WithPiiRedaction(new RedactionPattern(v, "(", "x")),
    };

    [Theory]
    [MemberData(nameof(EnvironmentVariablesWithMisplacedSecrets))]
    public void ConfigurationErrors_SecretInEnvironmentVariable_AreHidden(string variable, string form)
    {
        AssertMisplacedSecretHidden(variable, form, (value, configuredSecret) =>
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [TelemetryFlowEnvironmentVariables.ApiKeyId] = KeyId,
                [TelemetryFlowEnvironmentVariables.ApiKeySecret] = configuredSecret,
                [TelemetryFlowEnvironmentVariables.ServiceName] = "svc",

                // OTEL_TRACES_SAMPLER_ARG is read only with a ratio sampler.
                [TelemetryFlowEnvironmentVariables.OtelTracesSampler] = "traceidratio",
                [variable] = value,
            };
            return new TelemetryFlowBuilder().WithAutoConfiguration(variables.GetValueOrDefault);
        });
    }

    [Theory]
    [MemberData(nameof(AppSettingsKeysWithMisplacedSecrets))]
    public void ConfigurationErrors_SecretInAppSettingsKey_AreHidden(string key, string form)
    {
        AssertMisplacedSecretHidden(key, form, (value, configuredSecret) =>
        {
            var section = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ApiKeyId"] = KeyId,
                ["ApiKeySecret"] = configuredSecret,
                ["ServiceName"] = "svc",
                [key] = value,
            };
            return new TelemetryFlowBuilder().WithSettingsSection(section.GetValueOrDefault, _ => [], section.Keys, "TelemetryFlow");
        });
    }

    [Theory]
    [MemberData(nameof(BuilderSettersWithMisplacedSecrets))]
    public void ConfigurationErrors_SecretPassedToBuilderMethod_AreHidden(string method, string form)
    {
        AssertMisplacedSecretHidden(method, form, (value, configuredSecret) =>
        {
            var builder = new TelemetryFlowBuilder().WithApiKey(KeyId, configuredSecret).WithService("svc");
            TextSetters[method](builder, value);
            return method == KeyIdSetter ? builder.WithApiKey(value, configuredSecret) : builder;
        });
    }

    /// <summary>
    /// Builds once with a plain malformed value and once with the misplaced secret. No rendering may contain the
    /// secret; and a setting that quotes the plain value must say the secret was hidden, so a row cannot pass just
    /// because the value was accepted.
    /// </summary>
    private static void AssertMisplacedSecretHidden(string setting, string form, Func<string, string, TelemetryFlowBuilder> create)
    {
        var (secret, configuredSecret) = MisplacedSecrets[form];
        var plain = Rendered(create(PlainMalformedValue, "tfs_the_real_secret"));
        var texts = Rendered(create(secret, configuredSecret));

        var leaks = texts.Where(t => t.Contains(CanaryCore, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaks.Count == 0, $"{setting} = {form} leaked the secret:{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}");
        if (plain.Any(t => t.Contains(PlainMalformedValue, StringComparison.Ordinal)))
        {
            Assert.Contains(texts, t => t.Contains(ShownValue.Hidden, StringComparison.Ordinal) || t.Contains("looks like a key secret", StringComparison.Ordinal));
        }
    }

    /// <summary>Every rendering of the configuration errors; none when the value was accepted (it then is the user's setting).</summary>
    private static List<string> Rendered(TelemetryFlowBuilder builder)
    {
        if (builder.TryBuild(out _, out var errors))
        {
            return [];
        }

        var error = Assert.Throws<ConfigurationException>(() => builder.Build());
        return [.. errors, .. error.Errors, error.Message, error.ToString()];
    }

    private static TheoryData<string, string> Cross(IEnumerable<string> settings)
    {
        var data = new TheoryData<string, string>();
        foreach (var setting in settings.Distinct(StringComparer.Ordinal))
        {
            foreach (var form in MisplacedSecrets.Keys)
            {
                data.Add(setting, form);
            }
        }

        return data;
    }

    [Fact]
    public void ExportHeaders_CanarySecret_AppearsOnlyInAuthorizationAndKeySecretValues()
    {
        AssertOnlySecretHeadersCarryTheCanary(ValidConfig().ExportHeaders);
    }

    [Fact]
    public void GetAuthenticationHeaders_CanarySecret_AppearsOnlyInAuthorizationAndKeySecretValues()
    {
        AssertOnlySecretHeadersCarryTheCanary(new Credentials(KeyId, Canary).GetAuthenticationHeaders());
    }

    private static void AssertOnlySecretHeadersCarryTheCanary(IReadOnlyDictionary<string, string> headers)
    {
        var carriers = headers.Where(h => h.Key.Contains(CanaryCore, StringComparison.Ordinal) || h.Value.Contains(CanaryCore, StringComparison.Ordinal))
            .Select(h => h.Key)
            .Order(StringComparer.Ordinal);

        Assert.Equal(new[] { "Authorization", "X-TelemetryFlow-Key-Secret" }, carriers);
        Assert.Equal($"Bearer {KeyId}:{Canary}", headers["Authorization"]);
        Assert.Equal(Canary, headers["X-TelemetryFlow-Key-Secret"]);
    }

    private static TelemetryConfig ValidConfig() => new TelemetryFlowBuilder()
        .WithApiKey(KeyId, Canary)
        .WithService("svc", "1.2.3")
        .WithEnvironment("staging")
        .WithCollectorId("col-1")
        .WithCollectorName("edge")
        .WithCollectorHostname("edge-01")
        .WithDatacenter("dc-1")
        .WithCustomAttribute("team", "core")
        .WithV2Api()
        .Build();

    /// <summary>Every public property except <see cref="TelemetryConfig.ExportHeaders"/>, which must carry the secret.</summary>
    private static IEnumerable<string> VisibleParts(TelemetryConfig config)
    {
        var describe = TestConfigs.Describe(config).Split(Environment.NewLine)
            .Where(line => !line.StartsWith(nameof(TelemetryConfig.ExportHeaders) + " =", StringComparison.Ordinal));
        return describe
            .Append(config.ToString())
            .Append(config.Credentials!.ToString())
            .Append(config.Credentials!.KeyId)
            .Concat(config.ResourceAttributes.Select(a => $"{a.Key}={a.Value}"));
    }

    private static IEnumerable<string> CredentialsError(string keyId, string keySecret)
    {
        var error = Assert.Throws<CredentialsException>(() => new Credentials(keyId, keySecret));
        return [error.Message, error.ToString()];
    }

    private static IEnumerable<string> BuildErrors(TelemetryFlowBuilder builder)
    {
        var error = TestConfigs.BuildFails(builder);
        Assert.False(builder.TryBuild(out _, out var errors));
        return errors.Concat(error.Errors).Append(error.Message).Append(error.ToString());
    }

    [Fact]
    public void SettingsLayer_HoldingTheSecret_IsNotRenderedByToString()
    {
        var settings = new TelemetrySettings().Set(SettingCatalog.ApiKeyId, KeyId).Set(SettingCatalog.ApiKeySecret, Canary);

        Assert.DoesNotContain(CanaryCore, settings.ToString() ?? string.Empty, StringComparison.Ordinal);
    }
}
