using Mediator;
using TelemetryFlow.Application.Common.Lifecycle;
using TelemetryFlow.Application.Status.Queries.GetSdkStatus;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Status.Queries.GetSdkStatus;

internal sealed class GetSdkStatusQueryHandler : IQueryHandler<GetSdkStatusQuery, TelemetryFlowStatus>
{
    private readonly TelemetryRuntime _runtime;
    private readonly SdkLifecycle _lifecycle;

    public GetSdkStatusQueryHandler(TelemetryRuntime runtime, SdkLifecycle lifecycle)
    {
        _runtime = runtime;
        _lifecycle = lifecycle;
    }

    public ValueTask<TelemetryFlowStatus> Handle(GetSdkStatusQuery query, CancellationToken cancellationToken) =>
        new(Read(_runtime, _lifecycle));

    internal static TelemetryFlowStatus Read(TelemetryRuntime runtime, SdkLifecycle lifecycle)
    {
        var config = runtime.Config;
        var status = new TelemetryFlowStatus(
            lifecycle.IsRunning,
            TelemetryConfig.DistroVersion,
            config.ServiceName,
            config.ServiceVersion,
            config.Environment,
            config.EndpointUri,
            config.Protocol,
            config.EnabledSignals,
            lifecycle.Uptime,
            runtime.Traces.Snapshot(config.IsEnabled(SignalType.Traces)),
            runtime.Metrics.Snapshot(config.IsEnabled(SignalType.Metrics)),
            runtime.Logs.Snapshot(config.IsEnabled(SignalType.Logs)),
            runtime.Spans.OpenCount,
            runtime.Spans.EvictedCount);
        return runtime.Safety.AddTo(status);
    }
}
