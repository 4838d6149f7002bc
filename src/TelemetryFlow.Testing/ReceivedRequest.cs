using System.Net;
using Google.Protobuf;
using Grpc.Core;

namespace TelemetryFlow.Testing;

/// <summary>
/// One export request as the receiver saw it, whether it was accepted, failed by a scripted
/// <see cref="OtlpFailure"/>, or refused (unsupported content type, undecodable body, and in
/// <see cref="OtlpReceiverMode.TelemetryFlowCollector"/> mode wrong method, key or size; over the rate limit).
/// </summary>
public sealed class ReceivedRequest
{
    internal ReceivedRequest(
        OtlpSignal signal,
        OtlpTransport transport,
        string path,
        IReadOnlyDictionary<string, string> headers,
        string? contentEncoding,
        DateTimeOffset receivedAt,
        HttpStatusCode httpStatus,
        StatusCode? grpcStatus,
        IMessage? message,
        int itemCount,
        string? error,
        OtlpFailure? scriptedFailure = null)
    {
        Signal = signal;
        Transport = transport;
        Path = path;
        Headers = headers;
        ContentEncoding = contentEncoding;
        ReceivedAt = receivedAt;
        HttpStatus = httpStatus;
        GrpcStatus = grpcStatus;
        Message = message;
        ItemCount = itemCount;
        Error = error;
        ScriptedFailure = scriptedFailure;
    }

    /// <summary>The signal, derived from the gRPC service or the HTTP path.</summary>
    public OtlpSignal Signal { get; }

    /// <summary>gRPC or HTTP.</summary>
    public OtlpTransport Transport { get; }

    /// <summary>
    /// The request path: <c>/v1/traces</c> style for HTTP,
    /// <c>/opentelemetry.proto.collector.trace.v1.TraceService/Export</c> style for gRPC.
    /// </summary>
    public string Path { get; }

    /// <summary>
    /// Request headers (gRPC: request metadata), case-insensitive; repeated headers are joined with <c>","</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>
    /// How the body was compressed: the <c>Content-Encoding</c> header for HTTP, the <c>grpc-encoding</c> header for gRPC;
    /// <see langword="null"/> when absent.
    /// </summary>
    public string? ContentEncoding { get; }

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>
    /// The HTTP status answered. Always <see cref="HttpStatusCode.OK"/> for gRPC, whose errors travel in trailers
    /// (see <see cref="GrpcStatus"/>).
    /// </summary>
    public HttpStatusCode HttpStatus { get; }

    /// <summary>The gRPC status answered; <see langword="null"/> for OTLP/HTTP requests.</summary>
    public StatusCode? GrpcStatus { get; }

    /// <summary>
    /// The decoded <c>Export*ServiceRequest</c>. Bodies are decoded even when a scripted failure rejects them, so a test
    /// can see what a failed attempt carried; it is <see langword="null"/> when the body could not be decoded
    /// (unsupported content type or encoding, malformed protobuf), when the request was refused before its data was
    /// taken (wrong method or key, <see cref="OtlpReceiverOptions.RateLimit"/>, over a size limit), and for trace
    /// requests when the receiver only counts spans (<see cref="OtlpReceiverOptions.CountSpansOnly"/>).
    /// </summary>
    public IMessage? Message { get; }

    /// <summary>
    /// Spans, metric data points or log records the request carried (counted from the wire when the receiver only counts
    /// spans); 0 when the body could not be decoded.
    /// </summary>
    public int ItemCount { get; }

    /// <summary>Why the request was not accepted; <see langword="null"/> when it was.</summary>
    public string? Error { get; }

    /// <summary>The scripted failure this request consumed, if any (see <see cref="OtlpReceiver.EnqueueFailure"/>).</summary>
    public OtlpFailure? ScriptedFailure { get; }

    /// <summary>
    /// Whether the receiver answered success. Only accepted requests contribute to
    /// <see cref="OtlpReceiver.Spans"/>, <see cref="OtlpReceiver.Metrics"/> and <see cref="OtlpReceiver.Logs"/>.
    /// </summary>
    public bool Accepted => Error is null;

    /// <summary>Gets a request header, or <see langword="null"/> when it was not sent.</summary>
    /// <param name="name">Header name, case-insensitive.</param>
    /// <returns>The header value(s), comma-joined.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString()
    {
        var transport = Transport == OtlpTransport.Grpc ? "gRPC" : "HTTP";
        var encoding = ContentEncoding is null ? string.Empty : $" [{ContentEncoding}]";
        var status = Transport == OtlpTransport.Grpc
            ? $"{(int)(GrpcStatus ?? StatusCode.OK)} {GrpcStatus ?? StatusCode.OK}"
            : $"{(int)HttpStatus} {HttpStatus}";
        var outcome = Accepted
            ? $", {ItemCount} item(s)"
            : $"{(ScriptedFailure is null ? string.Empty : " (scripted)")}: {Error}";
        return $"{transport} {Path}{encoding} -> {status}{outcome}";
    }
}
