using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Events;
using TelemetryFlow.Application.Lifecycle.Commands.InitializeSdk;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Lifecycle.Commands.InitializeSdk;

internal sealed class InitializeSdkCommandHandler : ICommandHandler<InitializeSdkCommand>
{
    private readonly TelemetryRuntime _runtime;
    private readonly SdkLifecycle _lifecycle;
    private readonly TimeProvider _time;
    private readonly ITelemetryEventSink _events;

    public InitializeSdkCommandHandler(TelemetryRuntime runtime, SdkLifecycle lifecycle, TimeProvider time, ITelemetryEventSink events)
    {
        _runtime = runtime;
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

        _runtime.Start();
        var now = _time.GetUtcNow();
        _lifecycle.MarkRunning(now);
        _events.Raise(new SdkInitialized(now, _runtime.Config.ServiceName, _runtime.Config.EnabledSignals));
        return default;
    }
}
