using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Events;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Lifecycle;

internal sealed class ShutdownSdkCommandHandler : ICommandHandler<ShutdownSdkCommand, bool>
{
    private readonly TelemetryPipeline _pipeline;
    private readonly SdkLifecycle _lifecycle;
    private readonly ITelemetryEventSink _events;
    private readonly TimeProvider _time;

    public ShutdownSdkCommandHandler(TelemetryPipeline pipeline, SdkLifecycle lifecycle, ITelemetryEventSink events, TimeProvider time)
    {
        _pipeline = pipeline;
        _lifecycle = lifecycle;
        _events = events;
        _time = time;
    }

    public ValueTask<bool> Handle(ShutdownSdkCommand command, CancellationToken cancellationToken)
    {
        // Only the first shutdown flushes; later ones (Dispose after ShutdownAsync) are no-ops.
        if (!_lifecycle.TryMarkStopped())
        {
            return new ValueTask<bool>(true);
        }

        var flushed = _pipeline.Shutdown(command.Timeout);
        _events.Raise(new SdkShutdown(_time.GetUtcNow(), flushed));
        return new ValueTask<bool>(flushed);
    }
}
