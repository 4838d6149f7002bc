using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Lifecycle.Commands.FlushTelemetry;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Lifecycle.Commands.FlushTelemetry;

internal sealed class FlushTelemetryCommandHandler : ICommandHandler<FlushTelemetryCommand, bool>
{
    private readonly TelemetryRuntime _runtime;
    private readonly SdkLifecycle _lifecycle;

    public FlushTelemetryCommandHandler(TelemetryRuntime runtime, SdkLifecycle lifecycle)
    {
        _runtime = runtime;
        _lifecycle = lifecycle;
    }

    public ValueTask<bool> Handle(FlushTelemetryCommand command, CancellationToken cancellationToken) =>
        new(!_lifecycle.IsRunning || _runtime.Flush(command.Timeout));
}
