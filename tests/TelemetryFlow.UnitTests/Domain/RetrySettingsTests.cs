namespace TelemetryFlow.UnitTests.Domain;

public sealed class RetrySettingsTests
{
    [Fact]
    public void Default_Always_IsEnabledWithThreeAttemptsFromOneToThirtySeconds()
    {
        Assert.True(RetrySettings.Default.Enabled);
        Assert.Equal(3, RetrySettings.Default.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), RetrySettings.Default.InitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(30), RetrySettings.Default.MaxBackoff);
        Assert.Equal(RetrySettings.DefaultMaxAttempts, RetrySettings.Default.MaxAttempts);
        Assert.Equal(RetrySettings.DefaultInitialBackoff, RetrySettings.Default.InitialBackoff);
        Assert.Equal(RetrySettings.DefaultMaxBackoff, RetrySettings.Default.MaxBackoff);
    }

    [Theory]
    [InlineData(0, 1000, 30_000)]
    [InlineData(101, 1000, 30_000)]
    [InlineData(-1, 1000, 30_000)]
    [InlineData(3, 0, 30_000)]
    [InlineData(3, -1, 30_000)]
    [InlineData(3, 2000, 1000)]
    public void Constructor_ValueOutOfRange_Throws(int maxAttempts, int initialMs, int maxMs)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new RetrySettings(true, maxAttempts, TimeSpan.FromMilliseconds(initialMs), TimeSpan.FromMilliseconds(maxMs)));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(100, 1000, 1000)]
    public void Constructor_BoundaryValues_AreAccepted(int maxAttempts, int initialMs, int maxMs)
    {
        var settings = new RetrySettings(false, maxAttempts, TimeSpan.FromMilliseconds(initialMs), TimeSpan.FromMilliseconds(maxMs));

        Assert.Equal(maxAttempts, settings.MaxAttempts);
        Assert.False(settings.Enabled);
    }

    [Fact]
    public void Equality_SameValues_AreEqual()
    {
        Assert.Equal(RetrySettings.Default, new RetrySettings(true, 3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));
    }
}
