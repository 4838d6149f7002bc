using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.Infrastructure.Lifecycle;

namespace TelemetryFlow.UnitTests.Infrastructure.Lifecycle;

public sealed class FlushTelemetryCommandHandlerTests : IDisposable
{
    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly SdkLifecycle _lifecycle = new();

    [Fact]
    public async Task Handle_NotRunning_SucceedsWithoutFlushing() =>
        Assert.True(await new LifecycleCommandHandler(_runtime.Pipeline, _lifecycle, TimeProvider.System, new RecordingEventSink()).Handle(new FlushTelemetryCommand(TimeSpan.FromSeconds(1)), default));

    [Fact]
    public async Task Handle_RunningWithNothingPending_Succeeds()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);

        Assert.True(await new LifecycleCommandHandler(_runtime.Pipeline, _lifecycle, TimeProvider.System, new RecordingEventSink()).Handle(new FlushTelemetryCommand(Timeout.InfiniteTimeSpan), default));
    }

    public void Dispose() => _runtime.Dispose();
}
