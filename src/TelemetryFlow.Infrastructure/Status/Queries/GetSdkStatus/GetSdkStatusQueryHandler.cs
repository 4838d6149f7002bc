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
        var status = new TelemetryFlowStatus
        {
            IsInitialized = lifecycle.IsRunning,
            SdkVersion = TelemetryConfig.DistroVersion,
            ServiceName = config.ServiceName,
            ServiceVersion = config.ServiceVersion,
            Environment = config.Environment,
            Endpoint = config.EndpointUri,
            Protocol = config.Protocol,
            EnabledSignals = config.EnabledSignals,
            Uptime = lifecycle.Uptime,
            Traces = runtime.Traces.Snapshot(config.IsEnabled(SignalType.Traces)),
            Metrics = runtime.Metrics.Snapshot(config.IsEnabled(SignalType.Metrics)),
            Logs = runtime.Logs.Snapshot(config.IsEnabled(SignalType.Logs)),
            OpenSpans = runtime.Spans.OpenCount,
            EvictedSpans = runtime.Spans.EvictedCount,
        };
        return runtime.Safety.AddTo(status);
    }
}
