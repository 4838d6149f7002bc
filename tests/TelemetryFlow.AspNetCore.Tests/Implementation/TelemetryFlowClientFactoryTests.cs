using System.Net;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests.Implementation;

/// <summary>
/// Configuration precedence of the host's client, cell by cell: code &gt; <c>TELEMETRYFLOW_*</c> environment &gt;
/// the <c>TelemetryFlow</c> appsettings section &gt; defaults.
/// </summary>
public sealed class TelemetryFlowClientFactoryTests
{
    public enum Setting
    {
        ServiceName,
        Environment,
        ServiceVersion,
    }

    /// <summary>The default <c>service.version</c>: the test host's entry assembly's informational version.</summary>
    private static string EntryAssemblyVersion =>
        Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? string.Empty;

    /// <summary>Setting; value in code, environment, appsettings (null: not set there); the value that must win.</summary>
    public static TheoryData<Setting, string?, string?, string?, string> Precedence => new()
    {
        { Setting.ServiceName, null, null, "app-name", "app-name" },
        { Setting.ServiceName, null, "env-name", null, "env-name" },
        { Setting.ServiceName, "code-name", null, null, "code-name" },
        { Setting.ServiceName, null, "env-name", "app-name", "env-name" },
        { Setting.ServiceName, "code-name", null, "app-name", "code-name" },
        { Setting.ServiceName, "code-name", "env-name", null, "code-name" },
        { Setting.ServiceName, "code-name", "env-name", "app-name", "code-name" },

        { Setting.Environment, null, null, null, TelemetryConfig.DefaultEnvironment },
        { Setting.Environment, null, null, "app-env", "app-env" },
        { Setting.Environment, null, "env-env", null, "env-env" },
        { Setting.Environment, "code-env", null, null, "code-env" },
        { Setting.Environment, null, "env-env", "app-env", "env-env" },
        { Setting.Environment, "code-env", null, "app-env", "code-env" },
        { Setting.Environment, "code-env", "env-env", null, "code-env" },
        { Setting.Environment, "code-env", "env-env", "app-env", "code-env" },

        { Setting.ServiceVersion, null, null, null, EntryAssemblyVersion },
        { Setting.ServiceVersion, null, null, "3.0.0-app", "3.0.0-app" },
        { Setting.ServiceVersion, null, "2.0.0-env", null, "2.0.0-env" },
        { Setting.ServiceVersion, "1.0.1-code", null, null, "1.0.1-code" },
        { Setting.ServiceVersion, null, "2.0.0-env", "3.0.0-app", "2.0.0-env" },
        { Setting.ServiceVersion, "1.0.1-code", null, "3.0.0-app", "1.0.1-code" },
        { Setting.ServiceVersion, "1.0.1-code", "2.0.0-env", null, "1.0.1-code" },
        { Setting.ServiceVersion, "1.0.1-code", "2.0.0-env", "3.0.0-app", "1.0.1-code" },
    };

    [Theory]
    [MemberData(nameof(Precedence))]
    public async Task ClientConfig_SettingInLayers_CodeBeatsEnvironmentBeatsAppSettingsBeatsDefault(
        Setting setting, string? code, string? environment, string? appSettings, string expected)
    {
        var (settings, variables) = Layers(setting, environment, appSettings);
        var builder = TestWebApp.CreateBareBuilder(settings: settings, environment: variables);
        builder.Services.AddTelemetryFlow(telemetry => ApplyCode(telemetry, setting, code));
        await using var app = builder.Build();

        var config = app.Services.GetRequiredService<ITelemetryFlowClient>().Config;
        var actual = setting switch
        {
            Setting.ServiceName => config.ServiceName,
            Setting.Environment => config.Environment,
            _ => config.ServiceVersion,
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task ClientResource_SettingsFromEveryLayer_ArriveWithTheWinningValues()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBareBuilder(
            settings: new Dictionary<string, string?>
            {
                ["TelemetryFlow:ServiceName"] = "app-name",
                ["TelemetryFlow:Environment"] = "app-env",
                ["TelemetryFlow:ServiceVersion"] = "3.0.0-app",
            },
            environment: new Dictionary<string, string>
            {
                [TelemetryFlowEnvironmentVariables.ServiceName] = "env-name",
                [TelemetryFlowEnvironmentVariables.ServiceVersion] = "2.0.0-env",
            });

        // Code sets only the version (with the environment's name, as WithService needs one) and the credentials.
        builder.Services.AddTelemetryFlow(telemetry => telemetry
            .WithApiKey(TestWebApp.KeyId, TestWebApp.KeySecret)
            .WithEndpoint(receiver.GrpcEndpoint.ToString())
            .WithService("env-name", "1.0.1-code"));
        await using var app = await TestWebApp.StartAsync(builder);
        using (var http = TestWebApp.CreateClient(app))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/world", UriKind.Relative))).StatusCode);
        }

        await app.StopAsync();

        var resources = receiver.Spans.Select(s => s.ResourceAttributes)
            .Concat(receiver.Logs.Select(l => l.ResourceAttributes))
            .Concat(receiver.Metrics.Select(m => m.ResourceAttributes))
            .ToList();
        Assert.NotEmpty(receiver.Spans);
        Assert.NotEmpty(receiver.Logs);
        Assert.NotEmpty(receiver.Metrics);
        Assert.All(resources, resource =>
        {
            Assert.Equal("env-name", resource["service.name"]);
            Assert.Equal("1.0.1-code", resource["service.version"]);
            Assert.Equal("app-env", resource["deployment.environment"]);
            Assert.Equal("app-env", resource["deployment.environment.name"]);
        });
        Assert.All(receiver.Requests, request => Assert.Equal("app-env", request.Headers["X-TelemetryFlow-Environment"]));
    }

    [Fact]
    public async Task AddTelemetryFlow_WithExplicitSection_ReadsThatSectionAndNamesItInErrors()
    {
        var settings = new Dictionary<string, string?>
        {
            ["TelemetryFlow:ServiceName"] = "ignored-default-section",
            ["Observability:Export:ServiceName"] = "from-explicit-section",
        };
        var builder = TestWebApp.CreateBareBuilder(settings: settings);
        builder.Services.AddTelemetryFlow(builder.Configuration.GetSection("Observability:Export"), telemetry => telemetry
            .WithApiKey(TestWebApp.KeyId, TestWebApp.KeySecret));
        await using (var app = builder.Build())
        {
            Assert.Equal("from-explicit-section", app.Services.GetRequiredService<ITelemetryFlowClient>().Config.ServiceName);
        }

        settings["Observability:Export:Timeout"] = "abc";
        var invalid = TestWebApp.CreateBareBuilder(settings: settings);
        invalid.Services.AddTelemetryFlow(invalid.Configuration.GetSection("Observability:Export"), telemetry => telemetry
            .WithApiKey(TestWebApp.KeyId, TestWebApp.KeySecret));
        await using var invalidApp = invalid.Build();
        var exception = await Assert.ThrowsAsync<ConfigurationException>(() => invalidApp.StartAsync());
        Assert.Contains("Observability:Export:Timeout", Assert.Single(exception.Errors), StringComparison.Ordinal);
    }

    private static (Dictionary<string, string?> Settings, Dictionary<string, string> Variables) Layers(Setting setting, string? environment, string? appSettings)
    {
        var settings = new Dictionary<string, string?>
        {
            ["TelemetryFlow:ApiKeyId"] = TestWebApp.KeyId,
            ["TelemetryFlow:ApiKeySecret"] = TestWebApp.KeySecret,
            ["TelemetryFlow:Endpoint"] = "http://127.0.0.1:4317",
        };

        // The name is required: rows about other settings take it from appsettings.
        if (setting != Setting.ServiceName)
        {
            settings["TelemetryFlow:ServiceName"] = "baseline-name";
        }

        if (appSettings is not null)
        {
            settings[$"TelemetryFlow:{setting}"] = appSettings;
        }

        var variables = new Dictionary<string, string>();
        if (environment is not null)
        {
            variables[setting switch
            {
                Setting.ServiceName => TelemetryFlowEnvironmentVariables.ServiceName,
                Setting.Environment => TelemetryFlowEnvironmentVariables.Environment,
                _ => TelemetryFlowEnvironmentVariables.ServiceVersion,
            }] = environment;
        }

        return (settings, variables);
    }

    private static void ApplyCode(TelemetryFlowBuilder telemetry, Setting setting, string? code)
    {
        if (code is null)
        {
            return;
        }

        switch (setting)
        {
            case Setting.ServiceName:
                telemetry.WithService(code);
                break;
            case Setting.Environment:
                telemetry.WithEnvironment(code);
                break;
            default:
                // WithService sets the name too; the rows about the version use the baseline name everywhere.
                telemetry.WithService("baseline-name", code);
                break;
        }
    }
}
