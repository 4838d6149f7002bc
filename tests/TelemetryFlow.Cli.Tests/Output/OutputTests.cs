using TelemetryFlow.Cli.Output;

namespace TelemetryFlow.Cli.Tests.Output;

public sealed class OutputTests
{
    [Fact]
    public async Task Terminal_WithoutNoColor_UsesAnsiStyling()
    {
        var result = await RunOnTerminalAsync(new Dictionary<string, string>());

        Assert.Contains("\u001b[", result);
    }

    [Theory]
    [InlineData("NO_COLOR", "1")]
    [InlineData("TERM", "dumb")]
    public async Task Terminal_WithNoColorOrDumbTerminal_StaysPlain(string variable, string value)
    {
        var result = await RunOnTerminalAsync(new Dictionary<string, string> { [variable] = value });

        Assert.DoesNotContain("\u001b[", result);
        Assert.Contains("telemetryflow-gen: ", result);
    }

    [Fact]
    public void Redactor_MasksSecretTokensAndKnownValues()
    {
        var redactor = new SecretRedactor();
        redactor.AddSecret("hunter2-not-prefixed");

        var text = redactor.Redact("Bearer tfk_id:tfs_abc123, X-Key-Secret: 'tfs_xyz' and hunter2-not-prefixed.");

        Assert.Equal("Bearer tfk_id:tfs_****, X-Key-Secret: 'tfs_****' and tfs_****.", text);
    }

    [Fact]
    public void RedactingWriter_MasksSecretsSplitAcrossWrites()
    {
        var redactor = new SecretRedactor();
        using var inner = new StringWriter();
        using (var writer = new RedactingTextWriter(inner, redactor))
        {
            writer.Write("key tfs_");
            writer.Write("split");
            writer.WriteLine("_secret end");
            writer.Write("tail tfs_unterminated");
        }

        Assert.Equal($"key tfs_**** end{Environment.NewLine}tail tfs_****", inner.ToString());
    }

    private static async Task<string> RunOnTerminalAsync(Dictionary<string, string> environment)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Program.RunAsync(["version"], output, error, name => environment.GetValueOrDefault(name), Path.GetTempPath(), outputIsTerminal: true);
        Assert.Equal(0, exitCode);
        return output.ToString();
    }
}
