using TelemetryFlow.Implementation;

namespace TelemetryFlow.UnitTests.Domain.Implementation;

public sealed class ShownValueTests
{
    [Theory]
    [InlineData("tfs_abc", null, true)]
    [InlineData("TFS_abc", null, true)]
    [InlineData("Tfs_abc", null, true)]
    [InlineData("https://collector.example/tfs_abc", null, true)]
    [InlineData("hunter2secret", "hunter2secret", true)]
    [InlineData("30s hunter2secret", " hunter2secret ", true)]
    [InlineData("abc", null, false)]
    [InlineData("tfk_key", null, false)]
    [InlineData("30s", "30s", false)]
    [InlineData("collector.example:4317", "other-secret", false)]
    public void LooksLikeSecret_Value_FollowsTheDocumentedRule(string value, string? knownSecret, bool expected)
    {
        Assert.Equal(expected, ShownValue.LooksLikeSecret(value, [knownSecret]));
    }

    [Fact]
    public void Quote_OrdinaryValue_IsQuoted()
    {
        Assert.Equal("'abc'", ShownValue.Quote("abc"));
    }

    [Fact]
    public void Quote_SecretLookingValue_IsReplacedByThePlaceholder()
    {
        Assert.Equal("(value hidden: it looks like an API key secret)", ShownValue.Quote("tfs_abc"));
    }

    [Fact]
    public void Build_SecretInTimeoutVariable_KeepsTheSettingAndAcceptedFormsButHidesTheValue()
    {
        var builder = TestConfigs.ValidBuilder().WithAutoConfiguration(TestConfigs.Variables("TELEMETRYFLOW_TIMEOUT=tfs_pasted_here").GetValueOrDefault);

        var error = Assert.Single(TestConfigs.BuildFails(builder).Errors);

        Assert.StartsWith("TELEMETRYFLOW_TIMEOUT=(value hidden: it looks like an API key secret) is not valid; use a number of seconds", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ConfiguredSecretWithoutPrefixInAnotherLayer_IsHiddenToo()
    {
        // The secret comes from code, the pasted copy from the environment: errors render once both are known.
        var builder = new TelemetryFlowBuilder().WithApiKey(TestConfigs.KeyId, "hunter2secret").WithService("svc")
            .WithAutoConfiguration(TestConfigs.Variables("TELEMETRYFLOW_MAX_RETRIES=hunter2secret").GetValueOrDefault);

        var errors = TestConfigs.BuildFails(builder).Errors;

        Assert.Contains(errors, e => e == "TELEMETRYFLOW_MAX_RETRIES=(value hidden: it looks like an API key secret) is not valid; use a whole number.");
        Assert.DoesNotContain(errors, e => e.Contains("hunter2secret", StringComparison.Ordinal));
    }
}
