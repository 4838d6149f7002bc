using Microsoft.Extensions.Logging.Abstractions;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Infrastructure.Lifecycle;

namespace TelemetryFlow.UnitTests.Infrastructure.Lifecycle;

/// <remarks>
/// Runtimes here enable logs only: starting one with traces would build a tracer provider that
/// subscribes to every "TelemetryFlow" activity source in the process, other tests' included.
/// </remarks>
public sealed class InitializeSdkCommandHandlerTests : IDisposable
{
    private readonly TestRuntime _runtime = TestRuntimes.Create(TestRuntimes.Builder().WithLogsOnly().Build());
    private readonly SdkLifecycle _lifecycle = new();
    private readonly FakeTimeProvider _time = TestTime.Clock();
    private readonly LifecycleCommandHandler _handler;

    private readonly RecordingEventSink _events = new();

    public InitializeSdkCommandHandlerTests() => _handler = new LifecycleCommandHandler(_runtime.Pipeline, _lifecycle, _time, _events);

    [Fact]
    public async Task Handle_Created_RaisesSdkInitializedOnce()
    {
        await _handler.Handle(new InitializeSdkCommand(), CancellationToken.None);
        await _handler.Handle(new InitializeSdkCommand(), CancellationToken.None);

        var raised = Assert.IsType<SdkInitialized>(Assert.Single(_events.Events));
        Assert.Equal(_runtime.Config.ServiceName, raised.ServiceName);
        Assert.Equal(TestTime.Epoch, raised.Timestamp);
    }

    [Fact]
    public async Task Handle_Created_StartsTheRuntimeAndMarksRunning()
    {
        await _handler.Handle(new InitializeSdkCommand(), default);

        Assert.True(_lifecycle.IsRunning);
        Assert.Equal(TestTime.Epoch, _lifecycle.StartedAt);
        Assert.NotSame(NullLogger.Instance, _runtime.Logger);
    }

    [Fact]
    public async Task Handle_AlreadyRunning_DoesNothing()
    {
        var startedAt = TestTime.Epoch.AddHours(-1);
        _lifecycle.MarkRunning(startedAt);

        await _handler.Handle(new InitializeSdkCommand(), default);

        Assert.Equal(startedAt, _lifecycle.StartedAt);
        Assert.Same(NullLogger.Instance, _runtime.Logger);
    }

    [Fact]
    public async Task Handle_Stopped_RefusesToRestart()
    {
        _lifecycle.MarkRunning(TestTime.Epoch);
        _lifecycle.TryMarkStopped();

        var error = await Assert.ThrowsAsync<NotInitializedException>(() => _handler.Handle(new InitializeSdkCommand(), default).AsTask());

        Assert.Contains("create a new client", error.Message, StringComparison.Ordinal);
        Assert.True(_lifecycle.HasStopped);
        Assert.Same(NullLogger.Instance, _runtime.Logger);
    }

    public void Dispose() => _runtime.Dispose();
}
