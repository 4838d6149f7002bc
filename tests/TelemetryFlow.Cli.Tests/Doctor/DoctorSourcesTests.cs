using TelemetryFlow.Cli.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Cli.Tests.Doctor;

/// <summary>Where <c>doctor</c> says a value came from: in the order the SDK resolves it.</summary>
public sealed class DoctorSourcesTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _project = new("tfcli-doctor-sources");
    private OtlpReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Doctor_ServiceNameInOtelResourceAttributes_IsNamedAsItsSource()
    {
        var result = await DoctorAsync(new()
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = "team=a,service.name=from-attributes",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("from-attributes (the app's own version) (name from service.name in OTEL_RESOURCE_ATTRIBUTES)", result.Output);
    }

    [Fact]
    public async Task Doctor_AppSettingsEnvironment_WinsOverTheHostsName()
    {
        _project.Write("appsettings.json", """{ "TelemetryFlow": { "Environment": "staging" } }""");

        var result = await DoctorAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("staging (from TelemetryFlow:Environment in appsettings.json)", result.Output);
    }

    [Fact]
    public async Task Doctor_NoEnvironmentSetting_UsesTheHostsNameLowercased()
    {
        var result = await DoctorAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("development (from the host's environment name 'Development', lowercased)", result.Output);
        Assert.Equal("development", Assert.Single(_receiver.Spans).ResourceAttributes["deployment.environment.name"]);
    }

    private Task<CliResult> DoctorAsync(Dictionary<string, string> environment)
    {
        environment["TELEMETRYFLOW_API_KEY_ID"] = "tfk_doctor_sources";
        environment["TELEMETRYFLOW_API_KEY_SECRET"] = "tfs_doctor_sources_secret";
        environment.TryAdd("TELEMETRYFLOW_SERVICE_NAME", "sources");
        if (environment.ContainsKey("OTEL_RESOURCE_ATTRIBUTES"))
        {
            environment.Remove("TELEMETRYFLOW_SERVICE_NAME");
        }

        return CliRunner.RunAsync(environment, _project.Path, "doctor", "--endpoint", _receiver.GrpcEndpoint.ToString(), "--timeout", "30s");
    }
}
