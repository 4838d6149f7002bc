using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class RetryPolicyTests
{
    private static readonly TimeSpan Plenty = TimeSpan.FromMinutes(5);
    private static readonly RetrySettings Settings = new(enabled: true, maxAttempts: 10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(9, 1000)]
    [InlineData(80, 1000)]
    public void BackoffCeiling_DoublesFromTheInitialBackoffUpToTheCap(int retry, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), new RetryPolicy(Settings).BackoffCeiling(retry));

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(0.5, 0.75)]
    [InlineData(0.999999, 1.0)]
    public void Backoff_Jitter_StaysBetweenHalfTheCeilingAndTheCeiling(double random, double expectedFraction)
    {
        var policy = new RetryPolicy(Settings, () => random);

        for (var retry = 1; retry <= 6; retry++)
        {
            var ceiling = policy.BackoffCeiling(retry);
            Assert.Equal(ceiling.TotalMilliseconds * expectedFraction, policy.Backoff(retry).TotalMilliseconds, precision: 2);
        }
    }

    [Fact]
    public void Backoff_RealRandom_NeverLeavesTheJitterBoundsOrExceedsMaxBackoff()
    {
        var policy = new RetryPolicy(Settings);

        for (var i = 0; i < 1000; i++)
        {
            var retry = (i % 8) + 1;
            var delay = policy.Backoff(retry);
            var ceiling = policy.BackoffCeiling(retry);
            Assert.InRange(delay, ceiling / 2, ceiling);
            Assert.True(delay <= Settings.MaxBackoff);
        }
    }

    [Theory]
    [InlineData(nameof(FailureKind.Transient), true)]
    [InlineData(nameof(FailureKind.Permanent), false)]
    [InlineData(nameof(FailureKind.Other), false)]
    [InlineData(nameof(FailureKind.None), false)]
    public void NextDelay_OnlyTransientFailuresAreRetried(string failure, bool retried) =>
        Assert.Equal(retried, new RetryPolicy(Settings).NextDelay(1, Enum.Parse<FailureKind>(failure), hint: null, Plenty) is not null);

    [Fact]
    public void NextDelay_AfterTheLastAttempt_GivesUp()
    {
        var policy = new RetryPolicy(new RetrySettings(enabled: true, maxAttempts: 3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)));

        Assert.NotNull(policy.NextDelay(1, FailureKind.Transient, null, Plenty));
        Assert.NotNull(policy.NextDelay(2, FailureKind.Transient, null, Plenty));
        Assert.Null(policy.NextDelay(3, FailureKind.Transient, null, Plenty));
    }

    [Fact]
    public void NextDelay_RetryDisabled_OneAttemptOnly()
    {
        var policy = new RetryPolicy(new RetrySettings(enabled: false, maxAttempts: 5, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)));

        Assert.Equal(1, policy.MaxAttempts);
        Assert.Null(policy.NextDelay(1, FailureKind.Transient, null, Plenty));
    }

    [Fact]
    public void NextDelay_BackendHint_IsHonouredEvenBeyondMaxBackoff()
    {
        var policy = new RetryPolicy(Settings, () => 0);

        Assert.Equal(TimeSpan.FromSeconds(7), policy.NextDelay(1, FailureKind.Transient, TimeSpan.FromSeconds(7), Plenty));
        Assert.Equal(TimeSpan.Zero, policy.NextDelay(1, FailureKind.Transient, TimeSpan.Zero, Plenty));
    }

    [Fact]
    public void NextDelay_NegativeHint_MeansDoNotRetry() =>
        Assert.Null(new RetryPolicy(Settings).NextDelay(1, FailureKind.Transient, TimeSpan.FromMilliseconds(-1), Plenty));

    [Fact]
    public void NextDelay_DelayWouldUseUpTheExportBudget_GivesUp()
    {
        var policy = new RetryPolicy(Settings, () => 0);

        Assert.Null(policy.NextDelay(1, FailureKind.Transient, TimeSpan.FromSeconds(2), remaining: TimeSpan.FromSeconds(2)));
        Assert.Null(policy.NextDelay(1, FailureKind.Transient, hint: null, remaining: TimeSpan.FromMilliseconds(50)));
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.NextDelay(1, FailureKind.Transient, hint: null, remaining: TimeSpan.FromMilliseconds(51)));
    }
}
