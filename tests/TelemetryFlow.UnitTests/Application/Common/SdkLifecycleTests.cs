using TelemetryFlow.Application.Common;

namespace TelemetryFlow.UnitTests.Application.Common;

public sealed class SdkLifecycleTests
{
    [Fact]
    public void New_Created_IsNeitherRunningNorStoppedNorFailed()
    {
        var lifecycle = new SdkLifecycle();

        Assert.False(lifecycle.IsRunning);
        Assert.False(lifecycle.HasStopped);
        Assert.False(lifecycle.HasFailed);
        Assert.Null(lifecycle.StartedAt);
        Assert.Null(lifecycle.Failure);
        Assert.Equal(TimeSpan.Zero, lifecycle.Uptime);
    }

    [Fact]
    public void MarkRunning_FromCreated_IsRunningWithPositiveUptime()
    {
        var lifecycle = new SdkLifecycle();
        var startedAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);

        lifecycle.MarkRunning(startedAt);

        Assert.True(lifecycle.IsRunning);
        Assert.False(lifecycle.HasStopped);
        Assert.Equal(startedAt, lifecycle.StartedAt);
        Assert.True(lifecycle.Uptime >= TimeSpan.FromMinutes(1), $"uptime {lifecycle.Uptime}");
    }

    [Fact]
    public void TryMarkStopped_Running_SucceedsOnlyOnce()
    {
        var lifecycle = new SdkLifecycle();
        lifecycle.MarkRunning(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1));

        Assert.True(lifecycle.TryMarkStopped());
        Assert.False(lifecycle.TryMarkStopped());

        Assert.True(lifecycle.HasStopped);
        Assert.False(lifecycle.IsRunning);
        Assert.Equal(TimeSpan.Zero, lifecycle.Uptime);
    }

    [Fact]
    public void TryMarkStopped_NeverStarted_ReturnsFalseAndStaysCreated()
    {
        var lifecycle = new SdkLifecycle();

        Assert.False(lifecycle.TryMarkStopped());

        Assert.False(lifecycle.HasStopped);
        Assert.False(lifecycle.IsRunning);
    }

    [Fact]
    public void MarkFailed_KeepsTheErrorAndIsNotRunning()
    {
        var lifecycle = new SdkLifecycle();
        var failure = new InvalidOperationException("boom");

        lifecycle.MarkFailed(failure);

        Assert.True(lifecycle.HasFailed);
        Assert.False(lifecycle.IsRunning);
        Assert.Same(failure, lifecycle.Failure);
        Assert.False(lifecycle.TryMarkStopped());
        Assert.False(lifecycle.HasStopped);
        Assert.Equal(TimeSpan.Zero, lifecycle.Uptime);
    }
}
