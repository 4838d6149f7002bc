using System.Diagnostics;
using Mediator;
using TelemetryFlow.Application.Traces.Commands.StartSpan;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Traces.Commands.StartSpan;

/// <summary>
/// Starts an <see cref="Activity"/>, which sets <see cref="Activity.Current"/>. Synchronous all the
/// way (the handler returns a completed ValueTask), so that value flows back to the caller.
/// </summary>
internal sealed class StartSpanCommandHandler : ICommandHandler<StartSpanCommand, SpanHandle>
{
    private readonly TelemetryRuntime _runtime;

    public StartSpanCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<SpanHandle> Handle(StartSpanCommand command, CancellationToken cancellationToken)
    {
        var spans = _runtime.Spans;
        var parent = command.ParentSpanId is not null && spans.TryGet(command.ParentSpanId, out var parentActivity)
            ? parentActivity.Context
            : default;

        var activity = _runtime.ActivitySource.StartActivity(command.Name, ToActivityKind(command.Kind), parent, command.Attributes);
        if (activity is not null && command.Track)
        {
            spans.Track(activity);
        }

        return new ValueTask<SpanHandle>(new SpanHandle(activity, spans));
    }

    internal static ActivityKind ToActivityKind(SpanKind kind) => kind switch
    {
        SpanKind.Server => ActivityKind.Server,
        SpanKind.Client => ActivityKind.Client,
        SpanKind.Producer => ActivityKind.Producer,
        SpanKind.Consumer => ActivityKind.Consumer,
        _ => ActivityKind.Internal,
    };
}
