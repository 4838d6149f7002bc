using System.Diagnostics;
using Mediator;
using TelemetryFlow.Application.Traces.Commands.AddSpanEvent;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Traces.Commands.AddSpanEvent;

internal sealed class AddSpanEventCommandHandler : ICommandHandler<AddSpanEventCommand, bool>
{
    private readonly TelemetryRuntime _runtime;

    public AddSpanEventCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<bool> Handle(AddSpanEventCommand command, CancellationToken cancellationToken)
    {
        if (!_runtime.Spans.TryGet(command.SpanId, out var activity))
        {
            return new ValueTask<bool>(false);
        }

        var tags = command.Attributes is null ? null : new ActivityTagsCollection(command.Attributes);
        activity.AddEvent(new ActivityEvent(command.Name, tags: tags));
        return new ValueTask<bool>(true);
    }
}
