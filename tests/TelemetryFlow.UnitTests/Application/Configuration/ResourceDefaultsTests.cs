using System.Reflection;
using TelemetryFlow.Application.Configuration;

namespace TelemetryFlow.UnitTests.Application.Configuration;

/// <summary>
/// Defaults that describe the process, not invented values, and the environment name's precedence: code, then
/// <c>TELEMETRYFLOW_ENVIRONMENT</c>, then appsettings, then (lowercased) <c>ENV</c>, <c>ENVIRONMENT</c> and the host's name.
/// </summary>
public sealed class ResourceDefaultsTests
{
    [Fact]
    public void Build_NoServiceVersion_IsTheEntryAssemblysInformationalVersion()
    {
        var expected = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        var config = TestConfigs.ValidBuilder().Build();

        Assert.Equal(expected, config.ServiceVersion);
        Assert.Equal(expected, config.ResourceAttributes.GetValueOrDefault("service.version"));
    }

    [Fact]
    public void Build_NoServiceNamespace_SendsNone()
    {
        var config = TestConfigs.ValidBuilder().Build();

        Assert.Null(config.ServiceNamespace);
        Assert.False(config.ResourceAttributes.ContainsKey("service.namespace"));
    }

    [Fact]
    public void Build_NoInstanceId_OneRandomIdPerProcess()
    {
        var first = TestConfigs.ValidBuilder().Build();
        var second = new TelemetryFlowBuilder().WithApiKey(TestConfigs.KeyId, TestConfigs.KeySecret).WithService("another-service").Build();

        Assert.True(Guid.TryParse(first.ServiceInstanceId, out _), first.ServiceInstanceId);
        Assert.Equal(first.ServiceInstanceId, second.ServiceInstanceId);
        Assert.Equal(ProcessDefaults.ServiceInstanceId, first.ResourceAttributes["service.instance.id"]);
    }

    [Fact]
    public void Build_VersionSetEmpty_IsAnError()
    {
        var valid = TestConfigs.ValidBuilder().WithService(TestConfigs.ServiceName, string.Empty).TryBuild(out _, out var errors);

        Assert.False(valid);
        Assert.Contains(errors, e => e.Contains("ServiceVersion is empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT=Development", "staging", null, "staging")]
    [InlineData("TELEMETRYFLOW_ENVIRONMENT=Perf;ASPNETCORE_ENVIRONMENT=Development", "staging", null, "Perf")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES=deployment.environment.name=qa", "staging", null, "qa")]
    [InlineData("ASPNETCORE_ENVIRONMENT=Development", null, null, "development")]
    [InlineData("DOTNET_ENVIRONMENT=Staging", null, "Development", "development")]
    [InlineData("", null, "Staging", "staging")]
    [InlineData("ENV=QA", null, "Development", "qa")]
    [InlineData("ENV=QA", "staging", "Development", "staging")]
    [InlineData("", null, null, "production")]
    public void Build_EnvironmentName_FollowsTheDocumentedPrecedence(string variables, string? appSettings, string? hostName, string expected)
    {
        var appSettingsLayer = new TelemetrySettings(SettingSource.AppSettings);
        if (appSettings is not null)
        {
            appSettingsLayer.Set(SettingCatalog.Environment, appSettings, "TelemetryFlow:Environment");
        }

        var config = TestConfigs.ValidBuilder()
            .WithAutoConfiguration(TestConfigs.Variables(variables).GetValueOrDefault)
            .WithLowerPrecedenceSettings(appSettingsLayer)
            .WithHostEnvironmentName(hostName)
            .Build();

        Assert.Equal(expected, config.Environment);
        Assert.Equal(expected, config.ResourceAttributes["deployment.environment.name"]);
    }

    [Fact]
    public void Build_HostNameWithoutAutoConfiguration_IsStillUsed()
    {
        Assert.Equal("development", TestConfigs.ValidBuilder().WithHostEnvironmentName("Development").Build().Environment);
    }

    [Fact]
    public void Build_InvalidHostName_ErrorNamesItsOrigin()
    {
        var valid = TestConfigs.ValidBuilder().WithHostEnvironmentName("dev,eu").TryBuild(out _, out var errors);

        Assert.False(valid);
        Assert.Contains(errors, e => e.Contains(HostEnvironmentLayer.HostOrigin, StringComparison.Ordinal));
    }
}
