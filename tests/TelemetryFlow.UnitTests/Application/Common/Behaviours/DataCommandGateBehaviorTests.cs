using TelemetryFlow.Application.Common;
using System.Diagnostics;
using Mediator;
using TelemetryFlow.Application.Common.Behaviours;
using TelemetryFlow.Application.Metrics;
using TelemetryFlow.Application.Traces;

namespace TelemetryFlow.UnitTests.Application.Common.Behaviours;

public sealed class DataCommandGateBehaviorTests
{
    private static readonly RecordCounterCommand Command = new("orders", 1, default(TagList));

    [Fact]
    public async Task Handle_NotYetRunning_ThrowsNotInitializedWithoutCallingNext()
    {
        var next = new RecordingNext<RecordCounterCommand, Unit>(Unit.Value);

        var error = await Assert.ThrowsAsync<NotInitializedException>(() => Guard(new SdkLifecycle()).Handle(Command, next.Invoke, default).AsTask());

        Assert.Null(error.InnerException);
        Assert.Empty(next.Messages);
    }

    [Fact]
    public async Task Handle_Running_CallsNextOnceWithTheMessageAndReturnsItsResult()
    {
        var lifecycle = Running();
        var command = new EndSpanCommand("00f067aa0ba902b7", null);
        var next = new RecordingNext<EndSpanCommand, bool>(true);

        var result = await new DataCommandGateBehavior<EndSpanCommand, bool>(lifecycle, Unlimited, new RecordingDrops()).Handle(command, next.Invoke, default);

        Assert.True(result);
        Assert.Equal(command, Assert.Single(next.Messages));
    }

    [Fact]
    public async Task Handle_FailedLifecycle_ThrowsNotInitializedWrappingTheFailure()
    {
        var lifecycle = new SdkLifecycle();
        var failure = new InvalidOperationException("exporter could not be built");
        lifecycle.MarkFailed(failure);
        var next = new RecordingNext<RecordCounterCommand, Unit>(Unit.Value);

        var error = await Assert.ThrowsAsync<NotInitializedException>(() => Guard(lifecycle).Handle(Command, next.Invoke, default).AsTask());

        Assert.Same(failure, error.InnerException);
        Assert.Contains("failed to initialize", error.Message, StringComparison.Ordinal);
        Assert.Empty(next.Messages);
    }

    [Fact]
    public async Task Handle_Stopped_ThrowsNotInitialized()
    {
        var lifecycle = Running();
        Assert.True(lifecycle.TryMarkStopped());
        var next = new RecordingNext<RecordCounterCommand, Unit>(Unit.Value);

        await Assert.ThrowsAsync<NotInitializedException>(() => Guard(lifecycle).Handle(Command, next.Invoke, default).AsTask());
        Assert.Empty(next.Messages);
    }

    [Fact]
    public void Handle_NextCompletedSynchronously_ReturnsACompletedValueTask()
    {
        Assert.True(CompletedSuccessfully(Guard(Running()).Handle(Command, (_, _) => new ValueTask<Unit>(Unit.Value), default)));
    }

    [Fact]
    public void Handle_NextPending_ReturnsTheVerySameTaskFromNext()
    {
        // An async behavior would wrap next's task in a state machine of its own.
        var pending = new TaskCompletionSource<Unit>();

        Assert.Same(pending.Task, Guard(Running()).Handle(Command, (_, _) => new ValueTask<Unit>(pending.Task), default).AsTask());
    }

    [Fact]
    public async Task Handle_NextSetsActivityCurrent_ValueFlowsBackToTheCaller()
    {
        // The reason the guard must not be async: the span started by the handler must stay current for the caller.
        var previous = Activity.Current;
        using var activity = new Activity("started-by-handler");
        try
        {
            await Guard(Running()).Handle(Command, (_, _) =>
            {
                activity.Start();
                return default;
            }, default);

            Assert.Same(activity, Activity.Current);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    [Fact]
    public async Task Handle_OverTheRateLimit_DropsAndCountsWithoutCallingNext()
    {
        using var limiter = Limited(perMinute: 2);
        var drops = new RecordingDrops();
        var gate = new DataCommandGateBehavior<RecordCounterCommand, Unit>(Running(), limiter, drops);
        var next = new RecordingNext<RecordCounterCommand, Unit>(Unit.Value);

        // The bucket refills a token a second on a timer, so a refill may fall within the loop: at most one more.
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(Unit.Value, await gate.Handle(Command, next.Invoke, default));
        }

        Assert.InRange(next.Messages.Count, 2, 3);
        Assert.Equal(50 - next.Messages.Count, drops.Dropped.Count);
        Assert.All(drops.Dropped, drop => Assert.Equal((SignalType.Metrics, "rate-limited"), drop));
    }

    [Fact]
    public async Task Handle_OverTheRateLimit_StillEndsSpans()
    {
        // Ending a span is not rate-limited: a span started within the limit must always be able to end.
        using var limiter = Limited(perMinute: 1);
        var drops = new RecordingDrops();
        var gate = new DataCommandGateBehavior<EndSpanCommand, bool>(Running(), limiter, drops);
        var next = new RecordingNext<EndSpanCommand, bool>(true);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await gate.Handle(new EndSpanCommand("00f067aa0ba902b7", null), next.Invoke, default));
        }

        Assert.Equal(3, next.Messages.Count);
        Assert.Empty(drops.Dropped);
    }

    [Fact]
    public async Task Handle_NotRunningAndOverTheLimit_ThrowsNotInitializedBeforeCountingADrop()
    {
        using var limiter = Limited(perMinute: 1);
        var drops = new RecordingDrops();
        var gate = new DataCommandGateBehavior<RecordCounterCommand, Unit>(new SdkLifecycle(), limiter, drops);
        var next = new RecordingNext<RecordCounterCommand, Unit>(Unit.Value);

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<NotInitializedException>(() => gate.Handle(Command, next.Invoke, default).AsTask());
        }

        Assert.Empty(drops.Dropped);
        Assert.Empty(next.Messages);
    }

    private static bool CompletedSuccessfully(ValueTask<Unit> task) => task.IsCompletedSuccessfully;

    private static readonly SharedRateLimiter Unlimited = new(new TelemetryFlowBuilder().WithApiKey("tfk_unit", "tfs_unit").WithService("unit").Build());

    private static DataCommandGateBehavior<RecordCounterCommand, Unit> Guard(SdkLifecycle lifecycle) => new(lifecycle, Unlimited, new RecordingDrops());

    private static SharedRateLimiter Limited(int perMinute) =>
        new(new TelemetryFlowBuilder().WithApiKey("tfk_unit", "tfs_unit").WithService("unit").WithRateLimit(perMinute).Build());

    private static SdkLifecycle Running()
    {
        var lifecycle = new SdkLifecycle();
        lifecycle.MarkRunning(DateTimeOffset.UtcNow);
        return lifecycle;
    }

    private sealed class RecordingDrops : IDropRecorder
    {
        public List<(SignalType Signal, string Reason)> Dropped { get; } = [];

        public void RecordDropped(SignalType signal, DropReason reason) => Dropped.Add((signal, reason.Value));
    }
}
