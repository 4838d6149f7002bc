using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Commands;

public sealed class ConfigTests : IDisposable
{
    private readonly TempDirectory _project = new("tfcli-config");

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Config_WritesOnlyTheEnvFile()
    {
        var result = await CliRunner.RunAsync("config", "--project", _project.Path, "--service", "billing", "--key-id", "tfk_cfg", "--key-secret", "tfs_cfg_secret", "--no-traces", "--insecure", "--endpoint", "http://collector.internal:4318", "--protocol", "http");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([".env.telemetryflow"], Directory.GetFileSystemEntries(_project.Path).Select(Path.GetFileName));
        var env = _project.Read(".env.telemetryflow");
        Assert.Contains("TELEMETRYFLOW_SERVICE_NAME=billing", env);
        Assert.Contains("TELEMETRYFLOW_ENABLE_TRACES=false", env);
        Assert.Contains("TELEMETRYFLOW_INSECURE=true", env);
        Assert.Contains("TELEMETRYFLOW_ENDPOINT=http://collector.internal:4318", env);
        Assert.DoesNotContain("tfs_cfg_secret", result.All);
    }

    [Fact]
    public async Task Config_ExistingEnvFile_RefusesWithoutForce()
    {
        _project.Write(".env.telemetryflow", "KEEP=me\n");

        var refused = await CliRunner.RunAsync("config", "--project", _project.Path);
        var forced = await CliRunner.RunAsync("config", "--project", _project.Path, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists: .env.telemetryflow", refused.Error);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.DoesNotContain("KEEP=me", _project.Read(".env.telemetryflow"));
    }

    [Fact]
    public async Task Config_GitignoreAlreadyListsTheFile_NoHint()
    {
        _project.Write(".gitignore", "bin/\n.env.telemetryflow\n");

        var result = await CliRunner.RunAsync("config", "--project", _project.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(".gitignore hint", result.Output);
    }
}
