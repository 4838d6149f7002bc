namespace TelemetryFlow.Testing;

/// <summary>How an <see cref="OtlpReceiver"/> handles what it receives; pass to <see cref="OtlpReceiver.StartAsync(OtlpReceiverOptions, CancellationToken)"/>.</summary>
public sealed class OtlpReceiverOptions
{
    /// <summary>Whether the receiver only counts spans (for load tests) instead of decoding and keeping them.</summary>
    /// <remarks>
    /// <para>
    /// By default (<see langword="false"/>) every trace request is decoded into an <c>ExportTraceServiceRequest</c>
    /// and each span into a <see cref="ReceivedSpan"/>, all kept until <see cref="OtlpReceiver.Clear"/>: what functional
    /// tests assert on, but at hundreds of thousands of spans per second the decoding and the garbage it leaves take more
    /// CPU than the exporter under test.
    /// </para>
    /// <para>
    /// When <see langword="true"/>, trace requests (gRPC and HTTP, gzip or not) are still inflated, answered and recorded
    /// in <see cref="OtlpReceiver.Requests"/> with their exact <see cref="ReceivedRequest.ItemCount"/>, and scripted
    /// failures still apply; but the spans are only counted, by walking the protobuf wire format without allocating
    /// anything per span. <see cref="ReceivedRequest.Message"/> is then <see langword="null"/> for trace requests,
    /// <see cref="OtlpReceiver.Spans"/> stays empty, and <see cref="OtlpReceiver.AcceptedSpanCount"/> is the total.
    /// Metrics and logs are decoded as usual.
    /// </para>
    /// </remarks>
    public bool CountSpansOnly { get; init; }
}
