using System.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Telemetry;

public sealed class SpanRegistryTests : IDisposable
{
    private const string EvictedTag = "telemetryflow.span.evicted";

    private readonly SampledActivitySource _source = SampledActivitySource.Create();
    private readonly List<Activity> _started = [];

    [Fact]
    public void Track_Activity_CanBeFoundByItsHexId()
    {
        var registry = new SpanRegistry();
        var activity = Start();

        registry.Track(activity);

        Assert.True(registry.TryGet(activity.SpanId.ToHexString(), out var found));
        Assert.Same(activity, found);
        Assert.Equal(1, registry.OpenCount);
    }

    [Fact]
    public void TryGet_UnknownId_ReturnsFalse() =>
        Assert.False(new SpanRegistry().TryGet("00f067aa0ba902b7", out _));

    [Fact]
    public void EndById_Tracked_StopsAndForgetsIt()
    {
        var registry = new SpanRegistry();
        var activity = Start();
        registry.Track(activity);

        Assert.True(registry.EndById(activity.SpanId.ToHexString(), exception: null));

        Assert.True(activity.IsStopped);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Empty(activity.Events);
        Assert.False(registry.TryGet(activity.SpanId.ToHexString(), out _));
        Assert.Equal(0, registry.OpenCount);
    }

    [Fact]
    public void EndById_UnknownId_ReturnsFalse() =>
        Assert.False(new SpanRegistry().EndById("00f067aa0ba902b7", exception: null));

    [Fact]
    public void EndById_WithException_SetsErrorStatusAndRecordsAnExceptionEvent()
    {
        var registry = new SpanRegistry();
        var activity = Start();
        registry.Track(activity);

        registry.EndById(activity.SpanId.ToHexString(), new InvalidOperationException("payment declined"));

        AssertEndedWithError(activity, "payment declined", nameof(InvalidOperationException));
    }

    [Fact]
    public void End_TrackedWithException_ForgetsItAndRecordsTheError()
    {
        var registry = new SpanRegistry();
        var activity = Start();
        registry.Track(activity);

        registry.End(activity, new TimeoutException("too slow"));

        AssertEndedWithError(activity, "too slow", nameof(TimeoutException));
        Assert.Equal(0, registry.OpenCount);
    }

    [Fact]
    public void End_Untracked_StopsTheActivity()
    {
        var registry = new SpanRegistry();
        var activity = Start();

        registry.End(activity, exception: null);

        Assert.True(activity.IsStopped);
        Assert.Equal(0, registry.OpenCount);
    }

    [Fact]
    public void End_Twice_IsHarmlessAndRecordsTheExceptionOnce()
    {
        var registry = new SpanRegistry();
        var activity = Start();
        registry.Track(activity);
        registry.End(activity, new InvalidOperationException("first"));
        var stoppedAt = activity.Duration;

        registry.End(activity, new InvalidOperationException("second"));

        Assert.False(registry.EndById(activity.SpanId.ToHexString(), exception: null));
        Assert.Equal(stoppedAt, activity.Duration);
        Assert.Equal("first", activity.StatusDescription);
        Assert.Single(activity.Events);
    }

    [Fact]
    public void Track_CapacityPlusTwo_EvictsTheTwoOldest()
    {
        const int capacity = 3;
        var registry = new SpanRegistry(capacity);
        var activities = Enumerable.Range(0, capacity + 2).Select(i => Start($"span-{i}")).ToList();

        activities.ForEach(registry.Track);

        Assert.Equal(capacity, registry.OpenCount);
        Assert.Equal(2, registry.EvictedCount);
        foreach (var evicted in activities.Take(2))
        {
            Assert.True(evicted.IsStopped, $"{evicted.DisplayName} should be stopped");
            Assert.Equal(true, evicted.GetTagItem(EvictedTag));
            Assert.False(registry.TryGet(evicted.SpanId.ToHexString(), out _));
        }

        foreach (var open in activities.Skip(2))
        {
            Assert.False(open.IsStopped, $"{open.DisplayName} should still be open");
            Assert.Null(open.GetTagItem(EvictedTag));
            Assert.True(registry.TryGet(open.SpanId.ToHexString(), out _));
        }
    }

    [Fact]
    public void Track_AfterAnEndFreedASlot_EvictsNothing()
    {
        var registry = new SpanRegistry(capacity: 2);
        var first = Start("first");
        registry.Track(first);
        registry.Track(Start("second"));
        registry.End(first, exception: null);

        registry.Track(Start("third"));

        Assert.Equal(0, registry.EvictedCount);
        Assert.Equal(2, registry.OpenCount);
    }

    [Fact]
    public void Track_AfterEndsOutOfOrder_EvictsInStartOrder()
    {
        var registry = new SpanRegistry(capacity: 3);
        var spans = Enumerable.Range(0, 6).Select(i => Start($"span-{i}")).ToList();
        registry.Track(spans[0]);
        registry.Track(spans[1]);
        registry.Track(spans[2]);
        registry.End(spans[1], exception: null);

        registry.Track(spans[3]);
        registry.Track(spans[4]);
        registry.Track(spans[5]);

        Assert.Equal(2, registry.EvictedCount);
        Assert.Equal(true, spans[0].GetTagItem(EvictedTag));
        Assert.Equal(true, spans[2].GetTagItem(EvictedTag));
        Assert.Null(spans[1].GetTagItem(EvictedTag));
        Assert.All(spans.Skip(3), open => Assert.True(registry.TryGet(open.SpanId.ToHexString(), out var found) && ReferenceEquals(open, found)));
    }

    [Fact]
    public void Track_MoreThanTheInitialSlots_FindsAndEndsEveryOne()
    {
        var registry = new SpanRegistry(capacity: 100);
        var spans = Enumerable.Range(0, 40).Select(i => Start($"span-{i}")).ToList();
        spans.ForEach(registry.Track);

        Assert.Equal(40, registry.OpenCount);
        foreach (var span in spans.AsEnumerable().Reverse())
        {
            Assert.True(registry.EndById(span.SpanId.ToHexString(), exception: null));
        }

        Assert.Equal(0, registry.OpenCount);
        Assert.Equal(0, registry.EvictedCount);
        Assert.All(spans, span => Assert.True(span.IsStopped));
    }

    [Fact]
    public void Untracked_End_StopsTheActivityWithTheError()
    {
        var activity = Start();

        SpanRegistry.Untracked.End(activity, new InvalidOperationException("scope failed"));

        AssertEndedWithError(activity, "scope failed", nameof(InvalidOperationException));
    }

    [Fact]
    public void EndAll_StopsEveryOpenSpanAndForgetsThem()
    {
        var registry = new SpanRegistry();
        var activities = Enumerable.Range(0, 3).Select(i => Start($"span-{i}")).ToList();
        activities.ForEach(registry.Track);

        registry.EndAll();

        Assert.All(activities, a => Assert.True(a.IsStopped));
        Assert.Equal(0, registry.OpenCount);
        Assert.Equal(0, registry.EvictedCount);
        Assert.All(activities, a => Assert.False(registry.TryGet(a.SpanId.ToHexString(), out _)));
    }

    public void Dispose()
    {
        foreach (var activity in _started)
        {
            activity.Stop();
        }

        _source.Dispose();
    }

    private static void AssertEndedWithError(Activity activity, string message, string exceptionType)
    {
        Assert.True(activity.IsStopped);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(message, activity.StatusDescription);
        var recorded = Assert.Single(activity.Events);
        Assert.Equal("exception", recorded.Name);
        var tags = recorded.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(message, tags["exception.message"]);
        Assert.Contains(exceptionType, (string?)tags["exception.type"], StringComparison.Ordinal);
    }

    private Activity Start(string name = "operation")
    {
        var activity = _source.Start(name);
        _started.Add(activity);
        return activity;
    }
}
