using System.Collections.Concurrent;
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
    public void End_NotInTheRegistry_LeavesItToWhoeverTookItOut()
    {
        var registry = new SpanRegistry();
        var activity = Start();

        registry.End(activity, exception: null);

        Assert.False(activity.IsStopped);
        Assert.Equal(0, registry.OpenCount);
    }

    [Fact]
    public void EndById_AnEqualIdInAnotherString_FindsTheSpan()
    {
        var registry = new SpanRegistry();
        var activity = Start();
        registry.Track(activity);
        var copy = new string(activity.SpanId.ToHexString().AsSpan());

        Assert.True(registry.EndById(copy, exception: null));

        Assert.True(activity.IsStopped);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("not-a-span-id-at-all")]
    public void EndById_IdOfAnyOtherShape_ReturnsFalse(string spanId)
    {
        var registry = new SpanRegistry();
        registry.Track(Start());

        Assert.False(registry.EndById(spanId, exception: null));
        Assert.Equal(1, registry.OpenCount);
    }

    [Fact]
    public void AddEvent_OpenSpan_AddsIt_EndedSpan_ReturnsFalse()
    {
        var registry = new SpanRegistry();
        var activity = Start();
        registry.Track(activity);

        Assert.True(registry.AddEvent(activity.SpanId.ToHexString(), new ActivityEvent("retry")));
        registry.End(activity, exception: null);
        Assert.False(registry.AddEvent(activity.SpanId.ToHexString(), new ActivityEvent("late")));

        Assert.Equal("retry", Assert.Single(activity.Events).Name);
    }

    [Fact]
    public void End_AfterTheSpanWasEvicted_LeavesItAsTheEvictionEndedIt()
    {
        var registry = new SpanRegistry(capacity: 1);
        var oldest = Start("oldest");
        registry.Track(oldest);
        registry.Track(Start("newer"));
        var evictedAt = oldest.Duration;

        registry.End(oldest, new InvalidOperationException("too late"));

        Assert.Equal(evictedAt, oldest.Duration);
        Assert.Equal(true, oldest.GetTagItem(EvictedTag));
        Assert.Equal(ActivityStatusCode.Unset, oldest.Status);
        Assert.Empty(oldest.Events);
        Assert.Equal(1, registry.OpenCount);
    }

    [Fact]
    public void Track_EvictingASpanStartedOnAnotherThread_KeepsTheNewSpanCurrent()
    {
        // Activity.Stop sets the stopping thread's Activity.Current to the stopped span's parent; StartSpan's caller
        // must still see its own new span as current after the eviction.
        var registry = new SpanRegistry(capacity: 1);
        Activity? other = null;
        var thread = new Thread(() =>
        {
            other = _source.Start("other thread");
            registry.Track(other);
        });
        thread.Start();
        thread.Join();
        _started.Add(other!);
        var parent = Start("parent");
        var newer = Start("newer");

        registry.Track(newer);

        Assert.True(other!.IsStopped);
        Assert.Same(newer, Activity.Current);
        Assert.Same(parent, newer.Parent);
    }

    [Fact]
    public void EndAndEvictionOfTheSameSpan_OnTwoThreads_EndItOnceOneWayOrTheOther()
    {
        var stops = new ConcurrentDictionary<Activity, int>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => ReferenceEquals(candidate, _source.Source),
            ActivityStopped = stopped => stops.AddOrUpdate(stopped, 1, (_, count) => count + 1),
        };
        ActivitySource.AddActivityListener(listener);

        for (var round = 0; round < 200; round++)
        {
            var registry = new SpanRegistry(capacity: 1);
            var oldest = Start("oldest");
            registry.Track(oldest);
            var newer = Start("newer");
            using var barrier = new Barrier(2);
            var owner = new Thread(() =>
            {
                barrier.SignalAndWait();
                registry.End(oldest, new InvalidOperationException("owner"));
            });
            owner.Start();

            barrier.SignalAndWait();
            registry.Track(newer);
            owner.Join();

            var evicted = registry.EvictedCount == 1;
            Assert.Equal(1, stops.GetValueOrDefault(oldest));
            Assert.Equal(evicted, oldest.GetTagItem(EvictedTag) is true);
            Assert.Equal(evicted ? ActivityStatusCode.Unset : ActivityStatusCode.Error, oldest.Status);
            Assert.Equal(1, registry.OpenCount);
            Assert.Same(newer, Activity.Current);
        }
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
