using System.Diagnostics;
using TelemetryFlow.Application.Traces;
using TelemetryFlow.Infrastructure.Traces;

namespace TelemetryFlow.UnitTests.Infrastructure.Traces;

public sealed class StartSpanCommandHandlerTests : IDisposable
{
    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly SampledActivitySource _sampled;
    private readonly SpanCommandHandler _handler;
    private readonly List<SpanHandle> _started = [];

    public StartSpanCommandHandlerTests()
    {
        _sampled = SampledActivitySource.Listen(_runtime.ActivitySource);
        _handler = new SpanCommandHandler(_runtime.Pipeline);
    }

    public static TheoryData<SpanKind, ActivityKind> Kinds => new()
    {
        { SpanKind.Internal, ActivityKind.Internal },
        { SpanKind.Server, ActivityKind.Server },
        { SpanKind.Client, ActivityKind.Client },
        { SpanKind.Producer, ActivityKind.Producer },
        { SpanKind.Consumer, ActivityKind.Consumer },
    };

    [Fact]
    public void Handle_Sampled_ReturnsAHandleForTheNewCurrentActivity()
    {
        var handle = Start(new StartSpanCommand("checkout", SpanKind.Internal, [new("order.id", 42)], ParentSpanId: null, Track: false));

        var activity = Assert.IsType<Activity>(handle.Activity);
        Assert.Same(Activity.Current, activity);
        Assert.Same(_runtime.ActivitySource, activity.Source);
        Assert.Equal("checkout", activity.DisplayName);
        Assert.Equal(42, activity.GetTagItem("order.id"));
        Assert.True(handle.IsRecording);
        Assert.Equal(activity.SpanId.ToHexString(), handle.SpanId);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Handle_Kind_MapsToTheActivityKind(SpanKind kind, ActivityKind expected)
    {
        var handle = Start(new StartSpanCommand("op", kind, null, null, Track: false));

        Assert.Equal(expected, handle.Activity!.Kind);
    }

    [Fact]
    public void Handle_Tracked_IsRegisteredUntilEnded()
    {
        var handle = Start(new StartSpanCommand("op", SpanKind.Internal, null, null, Track: true));

        Assert.Equal(1, _runtime.Spans.OpenCount);
        Assert.True(_runtime.Spans.TryGet(handle.SpanId, out var tracked));
        Assert.Same(handle.Activity, tracked);

        handle.End();

        Assert.Equal(0, _runtime.Spans.OpenCount);
        Assert.True(tracked.IsStopped);
    }

    [Fact]
    public void Handle_NotTracked_IsNotRegisteredButEndsThroughTheHandle()
    {
        var handle = Start(new StartSpanCommand("op", SpanKind.Internal, null, null, Track: false));

        Assert.Equal(0, _runtime.Spans.OpenCount);
        Assert.False(_runtime.Spans.TryGet(handle.SpanId, out _));

        handle.Dispose();

        Assert.True(handle.Activity!.IsStopped);
    }

    [Fact]
    public void Handle_ParentSpanIdOfATrackedSpan_ParentsUnderItRatherThanActivityCurrent()
    {
        var parent = Start(new StartSpanCommand("parent", SpanKind.Server, null, null, Track: true));
        Activity.Current = null;
        var unrelated = Start(new StartSpanCommand("unrelated", SpanKind.Internal, null, null, Track: false));

        var child = Start(new StartSpanCommand("child", SpanKind.Internal, null, parent.SpanId, Track: false));

        Assert.Equal(parent.Activity!.SpanId, child.Activity!.ParentSpanId);
        Assert.Equal(parent.Activity.TraceId, child.Activity.TraceId);
        Assert.NotEqual(unrelated.Activity!.TraceId, child.Activity.TraceId);
    }

    [Fact]
    public void Handle_ParentSpanId_EndingTheChildRestoresTheCallersCurrentActivity()
    {
        var parent = Start(new StartSpanCommand("parent", SpanKind.Server, null, null, Track: true));
        Activity.Current = null;
        var callers = Start(new StartSpanCommand("callers", SpanKind.Internal, null, null, Track: false));
        var child = Start(new StartSpanCommand("child", SpanKind.Internal, null, parent.SpanId, Track: false));
        Assert.Same(child.Activity, Activity.Current);

        child.End();

        Assert.Same(callers.Activity, Activity.Current);
    }

    [Fact]
    public void Handle_UnknownParentSpanId_ParentsUnderActivityCurrent()
    {
        var current = Start(new StartSpanCommand("current", SpanKind.Internal, null, null, Track: false));

        var child = Start(new StartSpanCommand("child", SpanKind.Internal, null, "00f067aa0ba902b7", Track: false));

        Assert.Equal(current.Activity!.SpanId, child.Activity!.ParentSpanId);
    }

    public void Dispose()
    {
        foreach (var handle in Enumerable.Reverse(_started))
        {
            handle.Activity?.Stop();
        }

        _sampled.Dispose();
        _runtime.Dispose();
    }

    /// <summary>Starts through the handler, which must complete synchronously so Activity.Current reaches the caller.</summary>
    private SpanHandle Start(StartSpanCommand command)
    {
        var handle = Completed(_handler.Handle(command, CancellationToken.None));
        _started.Add(handle);
        return handle;
    }

    private static SpanHandle Completed(ValueTask<SpanHandle> task)
    {
        Assert.True(task.IsCompletedSuccessfully);
        return task.Result;
    }
}
