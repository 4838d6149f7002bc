using System.Reflection;
using System.Text.Json;
using TelemetryFlow.Cli.Configuration;
using TelemetryFlow.Cli.Output;
using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Output;

/// <summary>
/// A secret pasted into the wrong setting, given to <c>doctor</c> (environment, appsettings) and <c>config</c> (flags):
/// nothing the tool prints may contain it. One row per setting that takes a value and per form of the secret.
/// </summary>
public sealed class SecretScanTests : IDisposable
{
    private const string CanaryCore = "S3CR3T_CANARY_cli_4b3a";
    private const string SecretVariable = "TELEMETRYFLOW_API_KEY_SECRET";

    /// <summary>The misplaced value, and the key secret configured alongside it (the last form has no prefix to spot).</summary>
    private static readonly Dictionary<string, (string Value, string ConfiguredSecret)> Forms = new(StringComparer.Ordinal)
    {
        ["tfs_ prefixed"] = ("tfs_" + CanaryCore, "tfs_the_real_secret"),
        ["TFS_ prefixed (upper case)"] = ("TFS_" + CanaryCore, "tfs_the_real_secret"),
        ["the configured secret, without the prefix"] = (CanaryCore, CanaryCore),
    };

    // Two settings that always fail validation without quoting anything, so doctor stops after the configuration
    // step and never touches the network; a row that replaces one of them fails to parse instead.
    private static readonly Dictionary<string, string> InvalidWithoutEcho = new(StringComparer.Ordinal)
    {
        ["TELEMETRYFLOW_MAX_RETRIES"] = "0",
        ["TELEMETRYFLOW_RATE_LIMIT"] = "-1",
    };

    private readonly TempDirectory _project = new("tfcli-secret-scan");

    public void Dispose() => _project.Dispose();

    public static TheoryData<string, string> EnvironmentVariables => Cross(
        typeof(TelemetryFlowEnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!));

    public static TheoryData<string, string> AppSettingsKeys => Cross(ConfigurationLayers.ScalarKeys);

    /// <summary>The <c>config</c> flags that take a value; the secret's own flag is included, since it must never be echoed either.</summary>
    public static TheoryData<string, string> ConfigFlags => Cross(["--service", "--key-id", "--key-secret", "--endpoint", "--environment", "--protocol"]);

    [Theory]
    [MemberData(nameof(EnvironmentVariables))]
    public async Task Doctor_SecretInEnvironmentVariable_IsNeverPrinted(string variable, string form)
    {
        var (value, configuredSecret) = Forms[form];
        var environment = new Dictionary<string, string>(InvalidWithoutEcho, StringComparer.Ordinal)
        {
            ["TELEMETRYFLOW_API_KEY_ID"] = "tfk_scan",
            [SecretVariable] = configuredSecret,
            ["TELEMETRYFLOW_SERVICE_NAME"] = "scan",
            [variable] = value,
        };

        var result = await CliRunner.RunAsync(environment, _project.Path, "doctor", "--project", _project.Path, "--timeout", "1s");

        AssertConfigurationFailedWithoutTheSecret(result, $"{variable}={form}");
    }

    [Theory]
    [MemberData(nameof(AppSettingsKeys))]
    public async Task Doctor_SecretInAppSettingsKey_IsNeverPrinted(string key, string form)
    {
        var (value, configuredSecret) = Forms[form];
        var section = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ApiKeyId"] = "tfk_scan",
            ["ApiKeySecret"] = configuredSecret,
            ["ServiceName"] = "scan",
            [key] = value,
        };
        _project.Write("appsettings.json", JsonSerializer.Serialize(new Dictionary<string, object> { ["TelemetryFlow"] = section }));

        var result = await CliRunner.RunAsync(InvalidWithoutEcho, _project.Path, "doctor", "--project", _project.Path, "--timeout", "1s");

        AssertConfigurationFailedWithoutTheSecret(result, $"TelemetryFlow:{key}={form}");
    }

    [Theory]
    [MemberData(nameof(ConfigFlags))]
    public async Task Config_SecretInFlag_IsNeverPrinted(string flag, string form)
    {
        var (value, configuredSecret) = Forms[form];
        var environment = new Dictionary<string, string> { [SecretVariable] = configuredSecret };

        var result = await CliRunner.RunAsync(environment, _project.Path, "config", "--project", _project.Path, "--key-id", "tfk_scan", flag, value);

        Assert.False(result.All.Contains(CanaryCore, StringComparison.OrdinalIgnoreCase), $"{flag} {form} leaked the secret:{Environment.NewLine}{result}");
    }

    [Fact]
    public void Redactor_UpperCasePrefix_IsMasked()
    {
        Assert.Equal("secret tfs_**** here", new SecretRedactor().Redact("secret TFS_abc123 here"));
    }

    [Fact]
    public void Redactor_KeySecretStdinFlag_DoesNotMakeTheNextArgumentASecret()
    {
        var redactor = new SecretRedactor();
        redactor.AddSecretsFromArguments(["config", "--key-secret-stdin", "--endpoint", "collector:4317"]);

        Assert.Equal("--endpoint collector:4317", redactor.Redact("--endpoint collector:4317"));
    }

    private static void AssertConfigurationFailedWithoutTheSecret(CliResult result, string row)
    {
        Assert.True(result.ExitCode == 1 && result.Output.Contains("[FAIL] configuration:", StringComparison.Ordinal), $"{row}: expected the configuration step to fail{Environment.NewLine}{result}");
        Assert.False(result.All.Contains(CanaryCore, StringComparison.OrdinalIgnoreCase), $"{row} leaked the secret:{Environment.NewLine}{result}");
    }

    private static TheoryData<string, string> Cross(IEnumerable<string> settings)
    {
        var data = new TheoryData<string, string>();
        foreach (var setting in settings)
        {
            foreach (var form in Forms.Keys)
            {
                data.Add(setting, form);
            }
        }

        return data;
    }
}
