using Mediator;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Events;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Lifecycle;

/// <summary>Starts, flushes and shuts down the client's pipeline, and moves the client's lifecycle along with it.</summary>
internal sealed class LifecycleCommandHandler :
    ICommandHandler<InitializeSdkCommand>,
    ICommandHandler<FlushTelemetryCommand, bool>,
    ICommandHandler<ShutdownSdkCommand, bool>
{
    private readonly TelemetryPipeline _pipeline;
    private readonly SdkLifecycle _lifecycle;
    private readonly TimeProvider _time;
    private readonly ITelemetryEventSink _events;

    public LifecycleCommandHandler(TelemetryPipeline pipeline, SdkLifecycle lifecycle, TimeProvider time, ITelemetryEventSink events)
    {
        _pipeline = pipeline;
        _lifecycle = lifecycle;
        _time = time;
        _events = events;
    }

    public ValueTask<Unit> Handle(InitializeSdkCommand command, CancellationToken cancellationToken)
    {
        if (_lifecycle.IsRunning)
        {
            return default;
        }

        if (_lifecycle.HasStopped)
        {
            throw new NotInitializedException("The TelemetryFlow client was shut down and cannot be initialized again; create a new client.");
        }

        _pipeline.Start();
        var now = _time.GetUtcNow();
        _lifecycle.MarkRunning(now);
        _events.Raise(new SdkInitialized(now, _pipeline.Config.ServiceName, _pipeline.Config.EnabledSignals));
        return default;
    }

    public ValueTask<bool> Handle(FlushTelemetryCommand command, CancellationToken cancellationToken) =>
        new(!_lifecycle.IsRunning || _pipeline.Flush(command.Timeout));

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
