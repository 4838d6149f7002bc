using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TelemetryFlow.AspNetCore.Tests.Implementation;

/// <summary>
/// The host's environment name, as <c>dotnet run</c> launch profiles set it (<c>Development</c>), is the last resort
/// for the deployment environment: below appsettings and <c>TELEMETRYFLOW_ENVIRONMENT</c>, and lowercased.
/// </summary>
public sealed class HostEnvironmentNameTests
{
    [Theory]
    [InlineData(null, null, "development")]
    [InlineData("staging", null, "staging")]
    [InlineData("staging", "perf", "perf")]
    public async Task ClientConfig_HostIsDevelopment_AppSettingsAndTheVariableWin(string? appSettings, string? variable, string expected)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TelemetryFlow:ApiKeyId"] = "tfk_host_env",
            ["TelemetryFlow:ApiKeySecret"] = "tfs_host_env",
            ["TelemetryFlow:ServiceName"] = "host-env",
            ["TelemetryFlow:Environment"] = appSettings,
        });
        builder.Services.Configure<TelemetryFlowHostingOptions>(options =>
            options.ReadEnvironmentVariable = name => name == TelemetryFlowEnvironmentVariables.Environment ? variable : null);
        builder.Services.AddTelemetryFlow();
        await using var app = builder.Build();

        Assert.Equal(expected, app.Services.GetRequiredService<ITelemetryFlowClient>().Config.Environment);
    }
}
