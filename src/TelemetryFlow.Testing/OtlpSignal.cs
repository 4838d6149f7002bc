namespace TelemetryFlow.Testing;

/// <summary>The OTLP signal a request carried.</summary>
public enum OtlpSignal
{
    /// <summary>Spans (<c>TraceService/Export</c>, <c>POST /v1/traces</c>).</summary>
    Traces,

    /// <summary>Metrics (<c>MetricsService/Export</c>, <c>POST /v1/metrics</c>).</summary>
    Metrics,

    /// <summary>Log records (<c>LogsService/Export</c>, <c>POST /v1/logs</c>).</summary>
    Logs,
}

/// <summary>How a request reached the receiver.</summary>
public enum OtlpTransport
{
    /// <summary>OTLP/gRPC (HTTP/2, <c>application/grpc</c>).</summary>
    Grpc,

    /// <summary>OTLP/HTTP with a binary protobuf body (<c>application/x-protobuf</c>).</summary>
    Http,
}
