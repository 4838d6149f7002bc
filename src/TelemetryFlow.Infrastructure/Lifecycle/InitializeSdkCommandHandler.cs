using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Events;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Lifecycle;

internal sealed class InitializeSdkCommandHandler : ICommandHandler<InitializeSdkCommand>
{
    private readonly TelemetryPipeline _pipeline;
    private readonly SdkLifecycle _lifecycle;
    private readonly TimeProvider _time;
    private readonly ITelemetryEventSink _events;

    public InitializeSdkCommandHandler(TelemetryPipeline pipeline, SdkLifecycle lifecycle, TimeProvider time, ITelemetryEventSink events)
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
}
