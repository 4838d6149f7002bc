using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Infrastructure.Lifecycle;

namespace TelemetryFlow.UnitTests.Infrastructure.Lifecycle;

public sealed class ShutdownSdkCommandHandlerTests : IDisposable
{
    private static readonly ShutdownSdkCommand Command = new(TimeSpan.FromSeconds(5));

    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly SdkLifecycle _lifecycle = new();
    private readonly LifecycleCommandHandler _handler;

    private readonly RecordingEventSink _events = new();

    public ShutdownSdkCommandHandlerTests() => _handler = new LifecycleCommandHandler(_runtime.Pipeline, _lifecycle, TimeProvider.System, _events);

    [Fact]
    public async Task Handle_Running_RaisesSdkShutdownOnceWithFlushResult()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);

        await _handler.Handle(new ShutdownSdkCommand(TimeSpan.FromSeconds(1)), CancellationToken.None);
        await _handler.Handle(new ShutdownSdkCommand(TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.True(Assert.IsType<SdkShutdown>(Assert.Single(_events.Events)).Flushed);
    }

    [Fact]
    public async Task Handle_Running_StopsAndEndsOpenSpans()
    {
        using var sampled = SampledActivitySource.Listen(_runtime.ActivitySource);
        var open = sampled.Start();
        _runtime.Spans.Track(open);
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);

        Assert.True(await _handler.Handle(Command, default));

        Assert.True(_lifecycle.HasStopped);
        Assert.True(open.IsStopped);
        Assert.Equal(0, _runtime.Spans.OpenCount);
    }

    [Fact]
    public async Task Handle_Twice_SecondIsANoOpThatSucceeds()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);
        await _handler.Handle(Command, default);
        using var sampled = SampledActivitySource.Listen(_runtime.ActivitySource);
        var startedAfterShutdown = sampled.Start();
        _runtime.Spans.Track(startedAfterShutdown);

        Assert.True(await _handler.Handle(Command, default));

        Assert.False(startedAfterShutdown.IsStopped);
        startedAfterShutdown.Stop();
    }

    [Fact]
    public async Task Handle_NeverStarted_SucceedsWithoutChangingTheState()
    {
        Assert.True(await _handler.Handle(Command, default));

        Assert.False(_lifecycle.HasStopped);
        Assert.False(_lifecycle.IsRunning);
    }

    public void Dispose() => _runtime.Dispose();
}
