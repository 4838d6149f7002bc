using TelemetryFlow.Application.Configuration;

namespace TelemetryFlow.UnitTests.Application.Configuration;

/// <summary>The appsettings section: unknown keys are reported with the closest known one, and errors name the key a value came from.</summary>
public sealed class AppSettingsReaderTests
{
    [Theory]
    [InlineData("Endpiont", "TelemetryFlow:Endpiont is not a TelemetryFlow setting; did you mean Endpoint?")]
    [InlineData("servicename", null)]
    [InlineData("ENDPOINT", null)]
    [InlineData("SerivceName", "TelemetryFlow:SerivceName is not a TelemetryFlow setting; did you mean ServiceName?")]
    [InlineData("Timout", "TelemetryFlow:Timout is not a TelemetryFlow setting; did you mean Timeout?")]
    [InlineData("MaxRetry", "TelemetryFlow:MaxRetry is not a TelemetryFlow setting; did you mean MaxRetries?")]
    [InlineData("Colour", "TelemetryFlow:Colour is not a TelemetryFlow setting; the keys are listed in the README's configuration table.")]
    [InlineData("CircuitBreakerThreshold", "TelemetryFlow:CircuitBreakerThreshold is not read from appsettings; set it in code with WithCircuitBreaker.")]
    public void Build_KeyInTheSection_IsKnownOrReportedWithTheClosestKey(string key, string? expected)
    {
        var section = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [key] = "x" };

        var errors = BuildErrors(section);

        if (expected is null)
        {
            Assert.DoesNotContain(errors, e => e.Contains("is not a TelemetryFlow setting", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(expected, Assert.Single(errors, e => e.StartsWith($"TelemetryFlow:{key} is not", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Build_TypoInEndpoint_IsOneErrorAndTheDefaultIsNotUsedSilently()
    {
        var section = new Dictionary<string, string?> { ["ApiKeyId"] = TestConfigs.KeyId, ["ApiKeySecret"] = TestConfigs.KeySecret, ["ServiceName"] = "svc", ["Endpiont"] = "collector.example:4317" };

        var errors = BuildErrors(section);

        Assert.Equal("TelemetryFlow:Endpiont is not a TelemetryFlow setting; did you mean Endpoint?", Assert.Single(errors));
    }

    [Fact]
    public void Build_SecretPastedAsAKey_IsReportedWithoutEchoingIt()
    {
        var pasted = TestConfigs.KeySecret;
        var section = new Dictionary<string, string?> { ["ApiKeyId"] = TestConfigs.KeyId, ["ApiKeySecret"] = TestConfigs.KeySecret, ["ServiceName"] = "svc", [pasted] = "x" };

        var error = Assert.Single(BuildErrors(section));

        Assert.StartsWith("TelemetryFlow:(value hidden", error, StringComparison.Ordinal);
        Assert.Contains("is not a TelemetryFlow setting", error, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NestedSectionsOfKnownKeys_AreNotUnknownKeys()
    {
        var children = new Dictionary<string, KeyValuePair<string, string?>[]>
        {
            ["CustomAttributes"] = [new("team", "payments"), new("tier", "gold")],
            ["TraceSources"] = [new("0", "MyApp.*")],
        };

        var builder = TestConfigs.ValidBuilder().WithSettingsSection(
            _ => null, key => children.GetValueOrDefault(key) ?? [], ["CustomAttributes", "TraceSources"], "TelemetryFlow");

        Assert.True(builder.TryBuild(out var config, out var errors), string.Join(Environment.NewLine, errors));
        Assert.Equal("payments", config.CustomAttributes["team"]);
        Assert.Equal(["MyApp.*"], config.TraceSources);
    }

    [Theory]
    [InlineData("Endpoint", "collector.example", "Endpoint (TelemetryFlow:Endpoint, WithEndpoint) 'collector.example' is not valid")]
    [InlineData("MaxRetries", "0", "Retry max attempts (TelemetryFlow:MaxRetries, WithRetry) is 0; it must be between 1 and 100.")]
    [InlineData("Timeout", "0", "Timeout (TelemetryFlow:Timeout, WithTimeout) is 0 s; it must be greater than 0 and at most 10 minutes.")]
    [InlineData("TracesEndpoint", "http://traces.example/v1/traces", "Traces endpoint (TelemetryFlow:TracesEndpoint) 'http://traces.example' is plaintext http")]
    [InlineData("CollectorName", "a,b", "Collector name (TelemetryFlow:CollectorName) may contain only printable ASCII characters")]
    public void Build_InvalidValueFromAppSettings_NamesTheKeyItCameFrom(string key, string value, string expected)
    {
        var section = new Dictionary<string, string?> { ["ApiKeyId"] = TestConfigs.KeyId, ["ApiKeySecret"] = TestConfigs.KeySecret, ["ServiceName"] = "svc", [key] = value };

        var message = Assert.Single(BuildErrors(section));

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ValueFromEnvironmentOverAppSettings_NamesTheVariable()
    {
        var section = new Dictionary<string, string?> { ["ApiKeyId"] = TestConfigs.KeyId, ["ApiKeySecret"] = TestConfigs.KeySecret, ["ServiceName"] = "svc", ["MaxRetries"] = "3" };
        var variables = TestConfigs.Variables("TELEMETRYFLOW_MAX_RETRIES=500");

        var builder = new TelemetryFlowBuilder()
            .WithSettingsSection(section.GetValueOrDefault, _ => [], section.Keys, "TelemetryFlow")
            .WithAutoConfiguration(variables.GetValueOrDefault);

        Assert.StartsWith("Retry max attempts (TELEMETRYFLOW_MAX_RETRIES, WithRetry) is 500", Assert.Single(TestConfigs.BuildFails(builder).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceInstanceId_FromEachLayer_IsTheServiceInstanceIdResourceAttribute()
    {
        var section = new Dictionary<string, string?> { ["ServiceInstanceId"] = "from-appsettings" };
        var variables = TestConfigs.Variables("TELEMETRYFLOW_SERVICE_INSTANCE_ID=from-environment");
        TelemetryFlowBuilder Layers() => TestConfigs.ValidBuilder().WithSettingsSection(section.GetValueOrDefault, _ => [], section.Keys, "TelemetryFlow");

        Assert.Equal(ProcessDefaults.ServiceInstanceId, TestConfigs.ValidBuilder().Build().ResourceAttributes["service.instance.id"]);
        Assert.Equal("from-appsettings", Layers().Build().ResourceAttributes["service.instance.id"]);
        Assert.Equal("from-environment", Layers().WithAutoConfiguration(variables.GetValueOrDefault).Build().ResourceAttributes["service.instance.id"]);
        Assert.Equal("from-code", Layers().WithAutoConfiguration(variables.GetValueOrDefault).WithServiceInstanceId("from-code").Build().ServiceInstanceId);
    }

    [Fact]
    public void PlatformMetrics_FromEachLayer_CodeOverEnvironmentOverAppSettingsOverAllOn()
    {
        var section = new Dictionary<string, string?> { ["KestrelMetrics"] = "false", ["RuntimeMetrics"] = "false" };
        var variables = TestConfigs.Variables("TELEMETRYFLOW_RUNTIME_METRICS=true;TELEMETRYFLOW_HTTP_CLIENT_METRICS=0");
        TelemetryFlowBuilder Layers() => TestConfigs.ValidBuilder().WithSettingsSection(section.GetValueOrDefault, _ => [], section.Keys, "TelemetryFlow");

        Assert.Equal(PlatformMetrics.All, TestConfigs.ValidBuilder().Build().PlatformMetrics);
        Assert.Equal(PlatformMetrics.Process | PlatformMetrics.HttpClient | PlatformMetrics.AspNetCore, Layers().Build().PlatformMetrics);
        Assert.Equal(PlatformMetrics.Runtime | PlatformMetrics.Process | PlatformMetrics.AspNetCore, Layers().WithAutoConfiguration(variables.GetValueOrDefault).Build().PlatformMetrics);
        Assert.Equal(PlatformMetrics.Kestrel, Layers().WithAutoConfiguration(variables.GetValueOrDefault).WithPlatformMetrics(PlatformMetrics.Kestrel).Build().PlatformMetrics);
    }

    [Theory]
    [InlineData("Endpiont", "Endpoint", 1)]
    [InlineData("endpoint", "ENDPOINT", 0)]
    [InlineData("Timout", "Timeout", 1)]
    [InlineData("abc", "abd", 1)]
    [InlineData("ab", "ba", 1)]
    [InlineData("", "abc", 3)]
    public void Distance_CountsEditsIgnoringCase(string a, string b, int expected)
    {
        Assert.Equal(expected, SettingNames.Distance(a.ToUpperInvariant(), b.ToUpperInvariant()));
    }

    private static IReadOnlyList<string> BuildErrors(Dictionary<string, string?> section)
    {
        var builder = new TelemetryFlowBuilder().WithSettingsSection(section.GetValueOrDefault, _ => [], section.Keys, "TelemetryFlow");
        builder.TryBuild(out _, out var errors);
        return errors;
    }
}
