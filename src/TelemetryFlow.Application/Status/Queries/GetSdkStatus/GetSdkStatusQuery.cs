using Mediator;

namespace TelemetryFlow.Application.Status.Queries.GetSdkStatus;

/// <summary>Reads the SDK's status: configuration summary, uptime and per-signal export accounting.</summary>
internal readonly record struct GetSdkStatusQuery : IQuery<TelemetryFlowStatus>;
