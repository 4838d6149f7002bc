using Mediator;

namespace TelemetryFlow.Application.Status;

/// <summary>Reads the SDK's status: configuration summary, uptime and per-signal export accounting.</summary>
internal readonly record struct GetSdkStatusQuery : IQuery<TelemetryFlowStatus>;
