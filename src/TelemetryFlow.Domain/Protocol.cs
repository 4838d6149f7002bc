namespace TelemetryFlow;

/// <summary>The OTLP transport used to export telemetry.</summary>
public enum Protocol
{
    /// <summary>OTLP over gRPC (default port 4317).</summary>
    Grpc = 0,

    /// <summary>OTLP over HTTP with protobuf bodies (default port 4318).</summary>
    HttpProtobuf = 1,
}
