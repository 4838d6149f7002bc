using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Commands;

public sealed class VersionTests
{
    [Fact]
    public async Task Version_PrintsTheToolAndSdkVersions()
    {
        var result = await CliRunner.RunAsync("version");

        Assert.Equal(0, result.ExitCode);
        var toolVersion = typeof(Program).Assembly.GetName().Version!.ToString(3);
        Assert.Matches($@"telemetryflow-gen:\s+{Regex(toolVersion)}", result.Output);
        Assert.Matches($@"TelemetryFlow SDK:\s+{Regex(TelemetryConfig.DistroVersion)} \(telemetryflow-dotnet\)", result.Output);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
