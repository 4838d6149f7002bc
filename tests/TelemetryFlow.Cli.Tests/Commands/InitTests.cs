using System.Text.Json;
using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Commands;

public sealed class InitTests : IDisposable
{
    private const string Secret = "tfs_init_secret_0123456789";
    private readonly TempDirectory _project = new("tfcli-init");

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Init_WritesTheThreeFiles_AndPrintsTheProgramLines()
    {
        _project.Write("Shop.Api.csproj", """<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""");

        var result = await InitAsync("--service", "checkout", "--endpoint", "collector.example.com:4317", "--environment", "staging", "--no-logs");

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = _project.Read(".env.telemetryflow");
        Assert.Contains("TELEMETRYFLOW_API_KEY_ID=tfk_init", env);
        Assert.Contains($"TELEMETRYFLOW_API_KEY_SECRET={Secret}", env);
        Assert.Contains("TELEMETRYFLOW_ENDPOINT=collector.example.com:4317", env);
        Assert.Contains("TELEMETRYFLOW_PROTOCOL=grpc", env);
        Assert.Contains("TELEMETRYFLOW_SERVICE_NAME=checkout", env);
        Assert.Contains("TELEMETRYFLOW_ENVIRONMENT=staging", env);
        Assert.Contains("TELEMETRYFLOW_ENABLE_LOGS=false", env);
        Assert.Contains("TELEMETRYFLOW_ENABLE_TRACES=true", env);
        Assert.Contains("keep it out of source control", env);

        using var json = JsonDocument.Parse(_project.Read("appsettings.TelemetryFlow.json"));
        var section = json.RootElement.GetProperty("TelemetryFlow");
        Assert.Equal("checkout", section.GetProperty("ServiceName").GetString());
        Assert.Equal("collector.example.com:4317", section.GetProperty("Endpoint").GetString());
        Assert.False(section.GetProperty("EnableLogs").GetBoolean());
        Assert.False(section.TryGetProperty("ApiKeySecret", out _), "the secret must stay out of appsettings");

        var setup = _project.Read("Telemetry/TelemetrySetup.cs");
        Assert.Contains("public static IServiceCollection AddAppTelemetry(this IServiceCollection services, IConfiguration configuration)", setup);
        Assert.Contains("services.AddTelemetryFlow(configuration.GetSection(SectionName)", setup);

        Assert.Contains("builder.Services.AddAppTelemetry(builder.Configuration);", result.Output);
        Assert.Contains("app.UseTelemetryFlow();", result.Output);
        Assert.Contains("tfk_init:tfs_****", result.Output);
        Assert.Contains(".gitignore", result.Output);
        Assert.DoesNotContain(Secret, result.All);
    }

    [Fact]
    public async Task Init_ConsoleProject_GeneratesCreateClient()
    {
        _project.Write("Tool.csproj", """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><RootNamespace>Acme.Tool</RootNamespace></PropertyGroup></Project>""");

        var result = await InitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var setup = _project.Read("Telemetry/TelemetrySetup.cs");
        Assert.Contains("namespace Acme.Tool.Telemetry;", setup);
        Assert.Contains("public static TelemetryFlowClient CreateClient()", setup);
        Assert.Contains("using Acme.Tool.Telemetry;", result.Output);
        Assert.Contains("await using var telemetry = TelemetrySetup.CreateClient();", result.Output);
    }

    [Fact]
    public async Task Init_ExistingFile_RefusesAndWritesNothing()
    {
        _project.Write("appsettings.TelemetryFlow.json", "{ \"mine\": true }");

        var result = await InitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("exists: appsettings.TelemetryFlow.json", result.Error);
        Assert.Contains("--force", result.Error);
        Assert.Equal("{ \"mine\": true }", _project.Read("appsettings.TelemetryFlow.json"));
        Assert.False(_project.Exists(".env.telemetryflow"), "no file of the set is written when one exists");
        Assert.False(_project.Exists("Telemetry/TelemetrySetup.cs"));
    }

    [Fact]
    public async Task Init_SecondRun_RefusesWithoutForce_AndOverwritesWithForce()
    {
        Assert.Equal(0, (await InitAsync("--service", "first")).ExitCode);

        var refused = await InitAsync("--service", "second");
        Assert.Equal(1, refused.ExitCode);
        foreach (var file in new[] { ".env.telemetryflow", "appsettings.TelemetryFlow.json", "Telemetry/TelemetrySetup.cs" })
        {
            Assert.Contains("exists: " + file, refused.Error);
        }

        Assert.Contains("TELEMETRYFLOW_SERVICE_NAME=first", _project.Read(".env.telemetryflow"));

        var forced = await InitAsync("--service", "second", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("overwrote .env.telemetryflow", forced.Output);
        Assert.Contains("TELEMETRYFLOW_SERVICE_NAME=second", _project.Read(".env.telemetryflow"));
    }

    [Fact]
    public async Task Init_WithoutKey_WritesEmptyValuesAndWarns()
    {
        var result = await CliRunner.RunAsync("init", "--project", _project.Path, "--service", "svc");

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = _project.Read(".env.telemetryflow");
        Assert.Contains("TELEMETRYFLOW_API_KEY_ID=\n", env);
        Assert.Contains("TELEMETRYFLOW_API_KEY_SECRET=\n", env);
        Assert.Contains("no API key given", result.Output);
    }

    [Fact]
    public async Task Init_InvalidValues_ReportsTheSdkErrorsAndWritesNothing()
    {
        var result = await CliRunner.RunAsync("init", "--project", _project.Path, "--key-id", Secret, "--key-secret", Secret, "--endpoint", "ftp://nowhere");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Endpoint", result.Error);
        Assert.Contains("key secret", result.Error);
        Assert.DoesNotContain(Secret, result.All);
        Assert.Empty(Directory.GetFileSystemEntries(_project.Path));
    }

    [Fact]
    public async Task Init_Output_WritesIntoThatDirectory()
    {
        using var output = new TempDirectory("tfcli-init-out");

        var result = await InitAsync("--output", output.Path, "--protocol", "http", "--v2");

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = output.Read(".env.telemetryflow");
        Assert.Contains("TELEMETRYFLOW_PROTOCOL=http", env);
        Assert.Contains("TELEMETRYFLOW_ENDPOINT=api.telemetryflow.id:4318", env);
        Assert.Contains("TELEMETRYFLOW_USE_V2_API=true", env);
        Assert.Empty(Directory.GetFileSystemEntries(_project.Path));
    }

    private Task<CliResult> InitAsync(params string[] args) =>
        CliRunner.RunAsync(["init", "--project", _project.Path, "--key-id", "tfk_init", "--key-secret", Secret, .. args]);
}
