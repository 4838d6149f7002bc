using TelemetryFlow.Cli.Commands;
using TelemetryFlow.Cli.Configuration;
using TelemetryFlow.Cli.Generation;
using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Configuration;

public sealed class EnvFileTests : IDisposable
{
    private readonly TempDirectory _directory = new("tfcli-envfile");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void WrittenEnvFile_ReadsBackToTheSameValues()
    {
        var flags = new ConfigFlags("my service #1", "tfk_round", "tfs_round$trip", "http://collector.local:4318/base path", "pre prod", Protocol.HttpProtobuf, NoMetrics: true, NoLogs: false, NoTraces: false, V2: true, Insecure: true);
        var settings = ScaffoldSettings.From(flags, ProjectInfo.Inspect(_directory.Path));
        var path = _directory.Write(EnvFileTemplate.FileName, EnvFileTemplate.Render(settings));

        var values = DotEnvFile.Read(path);

        Assert.Equal("my service #1", values["TELEMETRYFLOW_SERVICE_NAME"]);
        Assert.Equal("tfs_round$trip", values["TELEMETRYFLOW_API_KEY_SECRET"]);
        Assert.Equal("http://collector.local:4318/base path", values["TELEMETRYFLOW_ENDPOINT"]);
        Assert.Equal("pre prod", values["TELEMETRYFLOW_ENVIRONMENT"]);
        Assert.Equal("http", values["TELEMETRYFLOW_PROTOCOL"]);
        Assert.Equal("false", values["TELEMETRYFLOW_ENABLE_METRICS"]);
        Assert.Equal("true", values["TELEMETRYFLOW_USE_V2_API"]);
        Assert.Equal("true", values["TELEMETRYFLOW_INSECURE"]);
    }

    [Fact]
    public void Reader_FollowsDotenvConventions()
    {
        var path = _directory.Write(".env", """
            # a comment
            export TELEMETRYFLOW_SERVICE_NAME=exported
            TELEMETRYFLOW_ENDPOINT = "http://localhost:4317"
            TELEMETRYFLOW_ENVIRONMENT=staging # trailing comment
            TELEMETRYFLOW_API_KEY_ID=
            not a setting
            """);

        var values = DotEnvFile.Read(path);

        Assert.Equal("exported", values["TELEMETRYFLOW_SERVICE_NAME"]);
        Assert.Equal("http://localhost:4317", values["TELEMETRYFLOW_ENDPOINT"]);
        Assert.Equal("staging", values["TELEMETRYFLOW_ENVIRONMENT"]);
        Assert.False(values.ContainsKey("TELEMETRYFLOW_API_KEY_ID"), "an empty value is unset, as the SDK treats it");
        Assert.Equal(3, values.Count);
    }

    [Fact]
    public void GeneratedSetupClass_ReadsTheFileWithTheSameRules()
    {
        // The generated ReadEnvFile is a copy of DotEnvFile's rules in the app's own code; keep the two in step.
        var generated = SetupClassTemplate.Render(AppKind.Console, "App");
        foreach (var rule in new[] { "\"export \"", "value[0] is ('\\'' or '\"') && value[^1] == value[0]", "\" #\"", "line.StartsWith('#') || equals <= 0" })
        {
            Assert.Contains(rule, generated);
        }
    }
}
