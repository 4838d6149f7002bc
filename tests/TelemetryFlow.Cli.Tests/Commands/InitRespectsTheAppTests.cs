using System.Text.Json;
using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Commands;

/// <summary><c>init</c> in an app that already has some of the setup: it reads it, and adds only what is missing.</summary>
public sealed class InitRespectsTheAppTests : IDisposable
{
    private const string WebProject = """<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""";
    private const string WebProjectWithPackage = """<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="TelemetryFlow.AspNetCore" Version="0.1.0" /></ItemGroup></Project>""";

    private readonly TempDirectory _project = new("tfcli-init-app");

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Init_NoEnvironmentGiven_WritesNone()
    {
        _project.Write("Shop.csproj", WebProject);

        var result = await CliRunner.RunAsync("init", "--project", _project.Path, "--service", "shop");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("TELEMETRYFLOW_ENVIRONMENT", _project.Read(".env.telemetryflow"), StringComparison.Ordinal);
        Assert.DoesNotContain("TELEMETRYFLOW_SERVICE_VERSION", _project.Read(".env.telemetryflow"), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(_project.Read("appsettings.TelemetryFlow.json"));
        Assert.False(json.RootElement.GetProperty("TelemetryFlow").TryGetProperty("Environment", out _));
    }

    [Fact]
    public async Task Init_ConfiguredApp_ReadsServiceKeyAndEndpoint()
    {
        _project.Write("Shop.csproj", WebProject);
        _project.Write("appsettings.json", """{ "TelemetryFlow": { "ServiceName": "orders", "Endpoint": "http://localhost:4317" } }""");
        var environment = new Dictionary<string, string> { ["TELEMETRYFLOW_API_KEY_ID"] = "tfk_existing" };

        var result = await CliRunner.RunAsync(environment, _project.Path, "init");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("orders", result.Output, StringComparison.Ordinal);
        Assert.Contains("http://localhost:4317", result.Output, StringComparison.Ordinal);
        Assert.Contains("tfk_existing", result.Output, StringComparison.Ordinal);
        Assert.Contains("TELEMETRYFLOW_SERVICE_NAME=orders", _project.Read(".env.telemetryflow"), StringComparison.Ordinal);
        Assert.Contains("TELEMETRYFLOW_ENDPOINT=http://localhost:4317", _project.Read(".env.telemetryflow"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_SecretInAppSettings_LeavesItThereAndSaysSo()
    {
        const string Secret = "tfs_kept_in_appsettings_0123456789";
        _project.Write("Shop.csproj", WebProject);
        _project.Write("appsettings.json", $$"""{ "TelemetryFlow": { "ApiKeyId": "tfk_existing", "ApiKeySecret": "{{Secret}}" } }""");

        var result = await CliRunner.RunAsync("init", "--project", _project.Path, "--service", "shop");

        Assert.True(result.ExitCode == 0, result.ToString());
        var envFile = _project.Read(".env.telemetryflow");
        Assert.DoesNotContain(Secret, envFile, StringComparison.Ordinal);
        Assert.DoesNotContain("TELEMETRYFLOW_API_KEY_SECRET=", envFile, StringComparison.Ordinal);
        Assert.Contains("already configures it (TelemetryFlow:ApiKeySecret in appsettings.json)", envFile, StringComparison.Ordinal);
        Assert.Contains("TELEMETRYFLOW_API_KEY_ID=tfk_existing", envFile, StringComparison.Ordinal);
        Assert.Contains("already configured: TelemetryFlow:ApiKeySecret in appsettings.json", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("no API key given", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_SecretInTheEnvironment_IsWrittenToTheEnvFile()
    {
        const string Secret = "tfs_from_the_environment_0123456789";
        _project.Write("Shop.csproj", WebProject);
        _project.Write("appsettings.json", """{ "TelemetryFlow": { "ApiKeySecret": "tfs_older_appsettings_value_0123" } }""");
        var environment = new Dictionary<string, string> { ["TELEMETRYFLOW_API_KEY_ID"] = "tfk_existing", ["TELEMETRYFLOW_API_KEY_SECRET"] = Secret };

        var result = await CliRunner.RunAsync(environment, _project.Path, "init");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("TELEMETRYFLOW_API_KEY_SECRET=" + Secret, _project.Read(".env.telemetryflow"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_AppAlreadyRegistersTheSdk_WritesNoSecondRegistration()
    {
        _project.Write("Shop.csproj", WebProjectWithPackage);
        _project.Write("Program.cs", """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddTelemetryFlow();
            builder.Services.AddHealthChecks().AddTelemetryFlow();
            var app = builder.Build();
            app.UseTelemetryFlow();
            app.MapHealthChecks("/health");
            app.Run();
            """);

        var result = await CliRunner.RunAsync("init", "--project", _project.Path, "--service", "shop");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(_project.Exists("Telemetry/TelemetrySetup.cs"), "a second registration would duplicate the app's own");
        Assert.Contains("already registers TelemetryFlow (Program.cs:2)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AddAppTelemetry", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("app.UseTelemetryFlow();", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet add", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MapHealthChecks", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_FreshWebApp_PrintsThePackageCommandAndTheMissingHealthEndpoint()
    {
        _project.Write("Shop.csproj", WebProject);
        _project.Write("Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.Run();
            """);

        var result = await CliRunner.RunAsync("init", "--project", _project.Path, "--service", "shop");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"dotnet add {Path.Combine(_project.Path, "Shop.csproj")} package TelemetryFlow.AspNetCore --version ", result.Output, StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddAppTelemetry(builder.Configuration);", result.Output, StringComparison.Ordinal);
        Assert.Contains("app.MapHealthChecks(\"/health\");", result.All, StringComparison.Ordinal);
        Assert.True(_project.Exists("Telemetry/TelemetrySetup.cs"));
    }

    [Fact]
    public async Task Init_ConsoleAppWithPackage_PrintsNoPackageCommand()
    {
        _project.Write("Tool.csproj", """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup><ItemGroup><PackageReference Include="TelemetryFlow" Version="0.1.0" /></ItemGroup></Project>""");

        var result = await CliRunner.RunAsync("init", "--project", _project.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("dotnet add", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MapHealthChecks", result.All, StringComparison.Ordinal);
    }
}
