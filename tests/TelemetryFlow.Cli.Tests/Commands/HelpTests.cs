using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Commands;

public sealed class HelpTests
{
    [Fact]
    public async Task Help_Root_ListsEveryCommandUnderTheToolName()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("telemetryflow-gen [command] [options]", result.Output);
        foreach (var command in new[] { "init", "config", "example", "doctor", "version" })
        {
            Assert.Contains($"  {command}", result.Output);
        }
    }

    [Theory]
    [InlineData("init", new[] { "--project", "--service", "--key-id", "--key-secret", "--key-secret-stdin", "--endpoint", "--environment", "--protocol", "--no-metrics", "--no-logs", "--no-traces", "--output", "--force", "--app", "--v2", "--insecure" })]
    [InlineData("config", new[] { "--project", "--service", "--key-id", "--key-secret", "--key-secret-stdin", "--endpoint", "--environment", "--protocol", "--no-metrics", "--no-logs", "--no-traces", "--output", "--force" })]
    [InlineData("example", new[] { "basic|http-server|grpc-server|worker", "--output", "--force", "--sdk-source", "--sdk-version", "--service" })]
    [InlineData("doctor", new[] { "--project", "--service", "--key-id", "--key-secret", "--key-secret-stdin", "--endpoint", "--environment", "--protocol", "--insecure", "--timeout", "--v2", "--env-file", "--host-environment" })]
    [InlineData("version", new string[0])]
    public async Task Help_EachCommand_DescribesEveryFlag(string command, string[] flags)
    {
        var result = await CliRunner.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"telemetryflow-gen {command}", result.Output);
        Assert.Contains("Description:", result.Output);
        foreach (var flag in flags)
        {
            Assert.Contains(flag, result.Output);
        }
    }

    [Theory]
    [InlineData("init")]
    [InlineData("config")]
    [InlineData("doctor")]
    public async Task Help_KeySecret_SaysWhyToAvoidItAndNamesTheAlternatives(string command)
    {
        var result = await CliRunner.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        var text = string.Join(" ", result.Output.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("process list", text);
        Assert.Contains("--key-secret-stdin", text);
        Assert.Contains("TELEMETRYFLOW_API_KEY_SECRET", text);
        Assert.Contains("Read the API key secret from standard input", text);
    }

    [Fact]
    public async Task UnknownArgument_FailsWithoutEchoingASecretLikeToken()
    {
        var result = await CliRunner.RunAsync("init", "--key-secrt", "tfs_typo_secret_value", "--bogus", "plainsecret");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--key-secrt", result.All);
        Assert.DoesNotContain("tfs_typo_secret_value", result.All);
    }

    [Fact]
    public async Task InvalidProtocol_IsRejectedByTheParser()
    {
        var result = await CliRunner.RunAsync("init", "--protocol", "udp");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("udp", result.Error);
    }
}
