using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Lifecycle;

internal sealed class FlushTelemetryCommandHandler : ICommandHandler<FlushTelemetryCommand, bool>
{
    private readonly TelemetryPipeline _pipeline;
    private readonly SdkLifecycle _lifecycle;

    public FlushTelemetryCommandHandler(TelemetryPipeline pipeline, SdkLifecycle lifecycle)
    {
        _pipeline = pipeline;
        _lifecycle = lifecycle;
    }

    public ValueTask<bool> Handle(FlushTelemetryCommand command, CancellationToken cancellationToken) =>
        new(!_lifecycle.IsRunning || _pipeline.Flush(command.Timeout));
}
