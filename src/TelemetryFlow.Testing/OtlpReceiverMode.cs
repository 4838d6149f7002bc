namespace TelemetryFlow.Testing;

/// <summary>Which OTLP endpoint an <see cref="OtlpReceiver"/> imitates; set through <see cref="OtlpReceiverOptions.Mode"/>.</summary>
public enum OtlpReceiverMode
{
    /// <summary>
    /// A lenient, spec-following OTLP receiver (the default): gzip over gRPC and HTTP, protobuf replies,
    /// <c>/v1/</c> and <c>/v2/</c> paths open, no authentication.
    /// </summary>
    Generic = 0,

    /// <summary>
    /// Behaves like telemetryflow-collector 1.2.2, the peer the TelemetryFlow SDKs talk to: the HTTP handler ignores
    /// <c>Content-Encoding</c>, success is <c>200 application/json {}</c>, <c>/v2/</c> requires a <c>tfk_</c> key id,
    /// gRPC messages are limited to 4 MiB after decompression. See <see cref="OtlpReceiverOptions.Mode"/> for details.
    /// </summary>
    TelemetryFlowCollector = 1,
}
