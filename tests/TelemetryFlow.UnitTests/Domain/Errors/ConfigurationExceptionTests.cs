namespace TelemetryFlow.UnitTests.Domain.Errors;

public sealed class ConfigurationExceptionTests
{
    [Fact]
    public void Constructor_NoErrors_HasGenericMessageAndEmptyList()
    {
        var error = new ConfigurationException();

        Assert.Equal("The TelemetryFlow configuration is invalid.", error.Message);
        Assert.Empty(error.Errors);
    }

    [Fact]
    public void Constructor_OneError_PutsItInTheMessage()
    {
        var error = new ConfigurationException("Timeout is wrong.");

        Assert.Equal("The TelemetryFlow configuration is invalid: Timeout is wrong.", error.Message);
        Assert.Equal(new[] { "Timeout is wrong." }, error.Errors);
    }

    [Fact]
    public void Constructor_SeveralErrors_CountsAndListsEachOnItsOwnLine()
    {
        var error = new ConfigurationException(new[] { "First.", "Second.", "Third." });

        Assert.Equal(3, error.Errors.Count);
        Assert.StartsWith("The TelemetryFlow configuration has 3 problems:", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{Environment.NewLine}- First.{Environment.NewLine}- Second.{Environment.NewLine}- Third.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WithInnerException_KeepsMessageErrorsAndCause()
    {
        var cause = new FormatException("bad");

        var error = new ConfigurationException("Endpoint is wrong.", cause);

        Assert.Same(cause, error.InnerException);
        Assert.Equal(new[] { "Endpoint is wrong." }, error.Errors);
        Assert.Contains("Endpoint is wrong.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(ConfigurationException))]
    [InlineData(typeof(CredentialsException))]
    [InlineData(typeof(BuilderException))]
    [InlineData(typeof(NotInitializedException))]
    public void SdkException_Always_DerivesFromTelemetryFlowExceptionAndHasAMessage(Type type)
    {
        var error = (Exception)Activator.CreateInstance(type)!;

        Assert.IsAssignableFrom<TelemetryFlowException>(error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
