using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Lifecycle.Commands.FlushTelemetry;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.Infrastructure.Lifecycle.Commands.FlushTelemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Lifecycle.Commands.FlushTelemetry;

public sealed class FlushTelemetryCommandHandlerTests : IDisposable
{
    private readonly TelemetryRuntime _runtime = TestRuntimes.Create();
    private readonly SdkLifecycle _lifecycle = new();

    [Fact]
    public async Task Handle_NotRunning_SucceedsWithoutFlushing() =>
        Assert.True(await new FlushTelemetryCommandHandler(_runtime, _lifecycle).Handle(new FlushTelemetryCommand(TimeSpan.FromSeconds(1)), default));

    [Fact]
    public async Task Handle_RunningWithNothingPending_Succeeds()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);

        Assert.True(await new FlushTelemetryCommandHandler(_runtime, _lifecycle).Handle(new FlushTelemetryCommand(Timeout.InfiniteTimeSpan), default));
    }

    public void Dispose() => _runtime.Dispose();
}
