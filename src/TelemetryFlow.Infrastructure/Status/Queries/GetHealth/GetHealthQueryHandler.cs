using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Status;
using TelemetryFlow.Application.Status.Queries.GetHealth;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.Infrastructure.Status.Queries.GetSdkStatus;

namespace TelemetryFlow.Infrastructure.Status.Queries.GetHealth;

internal sealed class GetHealthQueryHandler : IQueryHandler<GetHealthQuery, TelemetryFlowHealth>
{
    private readonly TelemetryRuntime _runtime;
    private readonly SdkLifecycle _lifecycle;

    public GetHealthQueryHandler(TelemetryRuntime runtime, SdkLifecycle lifecycle)
    {
        _runtime = runtime;
        _lifecycle = lifecycle;
    }

    public ValueTask<TelemetryFlowHealth> Handle(GetHealthQuery query, CancellationToken cancellationToken) =>
        new(HealthEvaluator.Evaluate(GetSdkStatusQueryHandler.Read(_runtime, _lifecycle), query.IncludeComponents));
}
