using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Lifecycle.Commands.ShutdownSdk;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Lifecycle.Commands.ShutdownSdk;

internal sealed class ShutdownSdkCommandHandler : ICommandHandler<ShutdownSdkCommand, bool>
{
    private readonly TelemetryRuntime _runtime;
    private readonly SdkLifecycle _lifecycle;

    public ShutdownSdkCommandHandler(TelemetryRuntime runtime, SdkLifecycle lifecycle)
    {
        _runtime = runtime;
        _lifecycle = lifecycle;
    }

    public ValueTask<bool> Handle(ShutdownSdkCommand command, CancellationToken cancellationToken)
    {
        // Only the first shutdown flushes; later ones (Dispose after ShutdownAsync) are no-ops.
        if (!_lifecycle.TryMarkStopped())
        {
            return new ValueTask<bool>(true);
        }

        return new ValueTask<bool>(_runtime.Shutdown(command.Timeout));
    }
}
