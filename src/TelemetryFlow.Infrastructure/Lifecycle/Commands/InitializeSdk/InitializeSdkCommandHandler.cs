using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Lifecycle.Commands.InitializeSdk;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Lifecycle.Commands.InitializeSdk;

internal sealed class InitializeSdkCommandHandler : ICommandHandler<InitializeSdkCommand>
{
    private readonly TelemetryRuntime _runtime;
    private readonly SdkLifecycle _lifecycle;
    private readonly TimeProvider _time;

    public InitializeSdkCommandHandler(TelemetryRuntime runtime, SdkLifecycle lifecycle, TimeProvider time)
    {
        _runtime = runtime;
        _lifecycle = lifecycle;
        _time = time;
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
        _lifecycle.MarkRunning(_time.GetUtcNow());
        return default;
    }
}
