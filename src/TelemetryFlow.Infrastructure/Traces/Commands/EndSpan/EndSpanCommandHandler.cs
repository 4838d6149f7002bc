using Mediator;
using TelemetryFlow.Application.Traces.Commands.EndSpan;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Traces.Commands.EndSpan;

internal sealed class EndSpanCommandHandler : ICommandHandler<EndSpanCommand, bool>
{
    private readonly TelemetryRuntime _runtime;

    public EndSpanCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<bool> Handle(EndSpanCommand command, CancellationToken cancellationToken) =>
        new(_runtime.Spans.EndById(command.SpanId, command.Exception));
}
