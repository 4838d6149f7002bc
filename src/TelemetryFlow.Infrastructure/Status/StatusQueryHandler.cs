using Mediator;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Status;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Status;

/// <summary>Answers the status and health queries from the export accounting, the open spans and the safety counters.</summary>
internal sealed class StatusQueryHandler :
    IQueryHandler<GetSdkStatusQuery, TelemetryFlowStatus>,
    IQueryHandler<GetHealthQuery, TelemetryFlowHealth>
{
    private readonly TelemetryPipeline _pipeline;
    private readonly ExportAccounting _accounting;
    private readonly SdkLifecycle _lifecycle;

    public StatusQueryHandler(TelemetryPipeline pipeline, ExportAccounting accounting, SdkLifecycle lifecycle)
    {
        _pipeline = pipeline;
        _accounting = accounting;
        _lifecycle = lifecycle;
    }

    public ValueTask<TelemetryFlowStatus> Handle(GetSdkStatusQuery query, CancellationToken cancellationToken) =>
        new(Read());

    public ValueTask<TelemetryFlowHealth> Handle(GetHealthQuery query, CancellationToken cancellationToken) =>
        new(HealthEvaluator.Evaluate(Read(), query.IncludeComponents));

    internal TelemetryFlowStatus Read()
    {
        var config = _pipeline.Config;
        var status = new TelemetryFlowStatus
        {
            IsInitialized = _lifecycle.IsRunning,
            SdkVersion = TelemetryConfig.DistroVersion,
            ServiceName = config.ServiceName,
            ServiceVersion = config.ServiceVersion ?? string.Empty,
            Environment = config.Environment,
            Endpoint = config.EndpointUri,
            Protocol = config.Protocol,
            EnabledSignals = config.EnabledSignals,
            Uptime = _lifecycle.Uptime,
            Traces = _accounting.Snapshot(SignalType.Traces),
            Metrics = _accounting.Snapshot(SignalType.Metrics),
            Logs = _accounting.Snapshot(SignalType.Logs),
            OpenSpans = _pipeline.Spans.OpenCount,
            EvictedSpans = _pipeline.Spans.EvictedCount,
        };
        return _pipeline.Safety.AddTo(status);
    }
}
