using TelemetryFlow.Cli.Configuration;
using TelemetryFlow.Cli.Generation;
using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Commands;

/// <summary>The three ways to give the API key secret: standard input, the environment, and (with a warning) an argument.</summary>
public sealed class KeySecretInputTests : IDisposable
{
    private const string Secret = "tfs_input_secret_do_not_print_7";
    private const string SecretVariable = "TELEMETRYFLOW_API_KEY_SECRET";
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly TempDirectory _project = new("tfcli-secret-input");

    public void Dispose() => _project.Dispose();

    [Theory]
    [InlineData("config")]
    [InlineData("init")]
    public async Task KeySecretStdin_FirstLineTrimmed_IsWrittenWithoutWarning(string command)
    {
        var result = await CliRunner.RunWithInputAsync($"  {Secret}  \nsecond line\n", NoEnvironment, _project.Path, command, "--project", _project.Path, "--key-id", "tfk_stdin", "--key-secret-stdin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Secret, WrittenSecret());
        Assert.DoesNotContain("warning: --key-secret", result.Error);
        Assert.DoesNotContain(Secret, result.All);
    }

    [Fact]
    public async Task KeySecretStdin_WithoutTrailingNewline_IsRead()
    {
        var result = await CliRunner.RunWithInputAsync(Secret, NoEnvironment, _project.Path, "config", "--project", _project.Path, "--key-id", "tfk_stdin", "--key-secret-stdin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Secret, WrittenSecret());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    public async Task KeySecretStdin_EmptyInput_FailsAndWritesNothing(string input)
    {
        var result = await CliRunner.RunWithInputAsync(input, NoEnvironment, _project.Path, "config", "--project", _project.Path, "--key-id", "tfk_stdin", "--key-secret-stdin");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: --key-secret-stdin: standard input is empty", result.Error);
        Assert.False(_project.Exists(EnvFileTemplate.FileName));
    }

    [Fact]
    public async Task KeySecretStdin_TogetherWithKeySecret_IsRefused()
    {
        var result = await CliRunner.RunWithInputAsync(Secret + "\n", NoEnvironment, _project.Path, "config", "--project", _project.Path, "--key-secret", "tfs_other", "--key-secret-stdin");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: give the API key secret one way", result.Error);
        Assert.False(_project.Exists(EnvFileTemplate.FileName));
    }

    [Fact]
    public async Task KeySecretStdin_Doctor_UsesTheSecretReadFromInput()
    {
        // A secret without the prefix fails validation, which proves doctor used the value read from stdin and
        // stops before any network check.
        var result = await CliRunner.RunWithInputAsync("not-prefixed-input\n", NoEnvironment, _project.Path, "doctor", "--project", _project.Path, "--key-id", "tfk_stdin", "--key-secret-stdin");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("API key secret (ApiKeySecret, TELEMETRYFLOW_API_KEY_SECRET) must start with 'tfs_'", result.Output);
        Assert.DoesNotContain("not-prefixed-input", result.All);
    }

    [Theory]
    [InlineData("config")]
    [InlineData("init")]
    public async Task EnvironmentVariable_NoOption_SecretIsTakenFromTheEnvironment(string command)
    {
        var environment = new Dictionary<string, string> { [SecretVariable] = Secret };

        var result = await CliRunner.RunAsync(environment, _project.Path, command, "--project", _project.Path, "--key-id", "tfk_env");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Secret, WrittenSecret());
        Assert.DoesNotContain("warning: --key-secret", result.Error);
        Assert.DoesNotContain("no API key given", result.Output);
        Assert.DoesNotContain(Secret, result.All);
    }

    [Fact]
    public async Task EnvironmentVariable_OptionGiven_OptionWins()
    {
        var environment = new Dictionary<string, string> { [SecretVariable] = "tfs_from_environment" };

        var result = await CliRunner.RunWithInputAsync(Secret, environment, _project.Path, "config", "--project", _project.Path, "--key-id", "tfk_env", "--key-secret-stdin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Secret, WrittenSecret());
    }

    [Theory]
    [InlineData("config")]
    [InlineData("init")]
    [InlineData("doctor")]
    public async Task KeySecretArgument_StillWorks_WarnsOnStderrWithTheAlternatives(string command)
    {
        // doctor stops at the invalid endpoint, before any network check.
        string[] doctorOnly = command == "doctor" ? ["--endpoint", "ftp://invalid"] : [];

        var result = await CliRunner.RunAsync(NoEnvironment, _project.Path, [command, "--project", _project.Path, "--key-id", "tfk_arg", "--key-secret", Secret, .. doctorOnly]);

        var warning = Assert.Single(result.Error.Split('\n'), line => line.StartsWith("warning: --key-secret", StringComparison.Ordinal));
        Assert.Contains("process list", warning);
        Assert.Contains("shell", warning);
        Assert.Contains("--key-secret-stdin", warning);
        Assert.Contains(SecretVariable, warning);
        Assert.DoesNotContain("warning: --key-secret", result.Output);
        Assert.DoesNotContain(Secret, result.All);
    }

    [Fact]
    public async Task KeySecretArgument_Config_IsWritten()
    {
        var result = await CliRunner.RunAsync(NoEnvironment, _project.Path, "config", "--project", _project.Path, "--key-id", "tfk_arg", "--key-secret", Secret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Secret, WrittenSecret());
    }

    private string WrittenSecret() => DotEnvFile.Read(_project.Combine(EnvFileTemplate.FileName))[SecretVariable];
}
