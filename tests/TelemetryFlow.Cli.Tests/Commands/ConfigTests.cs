using TelemetryFlow.Cli.Generation;
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
    public async Task Config_NewEnvFile_IsReadableByTheOwnerOnly()
    {
        var result = await CliRunner.RunAsync("config", "--project", _project.Path, "--key-id", "tfk_mode", "--key-secret", "tfs_mode_secret");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertOwnerOnly(_project.Combine(".env.telemetryflow"));
    }

    [Fact]
    public async Task Config_OverwritingAWorldReadableEnvFile_LeavesItReadableByTheOwnerOnly()
    {
        var path = _project.Write(".env.telemetryflow", "OLD=1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var result = await CliRunner.RunAsync("config", "--project", _project.Path, "--key-id", "tfk_mode", "--key-secret", "tfs_mode_secret", "--force");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("TELEMETRYFLOW_API_KEY_SECRET=tfs_mode_secret", _project.Read(".env.telemetryflow"));
        AssertOwnerOnly(path);
        Assert.Equal([".env.telemetryflow"], Directory.GetFileSystemEntries(_project.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Init_EnvFile_IsReadableByTheOwnerOnly()
    {
        var result = await CliRunner.RunAsync("init", "--project", _project.Path, "--key-id", "tfk_mode", "--key-secret", "tfs_mode_secret");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertOwnerOnly(_project.Combine(".env.telemetryflow"));
    }

    /// <summary>0600 on Unix; Windows keeps the directory's default ACL, so there the file only has to exist.</summary>
    private static void AssertOwnerOnly(string path)
    {
        Assert.True(File.Exists(path), path);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(FileSet.OwnerOnly, File.GetUnixFileMode(path));
        }
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
