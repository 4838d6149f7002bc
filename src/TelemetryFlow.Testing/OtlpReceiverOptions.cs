using System.Security.Cryptography.X509Certificates;

namespace TelemetryFlow.Testing;

/// <summary>How an <see cref="OtlpReceiver"/> handles what it receives; pass to <see cref="OtlpReceiver.StartAsync(OtlpReceiverOptions, CancellationToken)"/>.</summary>
/// <remarks>
/// Options only ever gain properties, each with a default that keeps today's behaviour, so code written against an
/// older version keeps compiling and running.
/// </remarks>
public sealed class OtlpReceiverOptions
{
    /// <summary>The collector's gRPC limit: 4 MiB per message, after decompression (grpc-go's default).</summary>
    public const int DefaultMaxGrpcMessageSize = 4 * 1024 * 1024;

    /// <summary>The collector's HTTP body limit: 20 MiB (the OpenTelemetry collector's <c>confighttp</c> default).</summary>
    public const long DefaultMaxHttpRequestBodySize = 20L * 1024 * 1024;

    /// <summary>The first characters of every TelemetryFlow API key id.</summary>
    public const string KeyIdPrefix = "tfk_";

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

    /// <summary>Which endpoint the receiver imitates. Defaults to <see cref="OtlpReceiverMode.Generic"/>.</summary>
    /// <remarks>
    /// <para>In <see cref="OtlpReceiverMode.TelemetryFlowCollector"/> mode the receiver answers like telemetryflow-collector 1.2.2:</para>
    /// <list type="bullet">
    /// <item><description>
    /// gRPC: the standard OTLP services, gzip accepted, no authentication. A message larger than
    /// <see cref="MaxGrpcMessageSize"/> once decompressed fails with <c>RESOURCE_EXHAUSTED</c> (the size is that of the
    /// decoded message re-encoded, which equals the wire size for every encoder in practice).
    /// </description></item>
    /// <item><description>
    /// HTTP: <c>POST /v1/{traces,metrics,logs}</c> is open; <c>POST /v2/…</c> needs an <c>X-TelemetryFlow-Key-ID</c>
    /// starting with <see cref="KeyIdPrefix"/> (missing or malformed: 401), listed in <see cref="AllowedKeyIds"/> when
    /// that is set (otherwise 403), and, when <see cref="RequiredKeySecret"/> is set, an equal
    /// <c>X-TelemetryFlow-Key-Secret</c> (otherwise 401). Any other method on those paths: 405.
    /// </description></item>
    /// <item><description>
    /// The HTTP handler ignores <c>Content-Encoding</c>: the raw body is unmarshalled as protobuf unless
    /// <c>Content-Type</c> is exactly <c>application/json</c>, so a gzip body gets 400 with <c>Failed to unmarshal</c>
    /// in its text. OTLP/JSON is not decoded here (its hex ids would mis-decode), so a JSON body gets 400 too, where the
    /// real collector would accept it. A body over <see cref="MaxHttpRequestBodySize"/> gets 400.
    /// </description></item>
    /// <item><description>
    /// Success is <c>200</c>, <c>Content-Type: application/json</c>, body <c>{}</c>, also for protobuf requests. A
    /// scripted failure (<see cref="OtlpReceiver.EnqueueFailure"/>) is a failing pipeline: HTTP 500 whatever its
    /// <see cref="OtlpFailure.HttpStatusCode"/>, gRPC its <see cref="OtlpFailure.GrpcStatus"/>. Error bodies are
    /// <c>text/plain</c>, as Go's <c>http.Error</c> writes them.
    /// </description></item>
    /// </list>
    /// </remarks>
    public OtlpReceiverMode Mode { get; init; } = OtlpReceiverMode.Generic;

    /// <summary>
    /// The largest gRPC message accepted, in bytes after decompression, in <see cref="OtlpReceiverMode.TelemetryFlowCollector"/>
    /// mode. Defaults to <see cref="DefaultMaxGrpcMessageSize"/>. <see cref="OtlpReceiverMode.Generic"/> mode takes up to 64 MiB.
    /// </summary>
    public int MaxGrpcMessageSize { get; init; } = DefaultMaxGrpcMessageSize;

    /// <summary>
    /// The largest OTLP/HTTP body accepted, in bytes as sent, in <see cref="OtlpReceiverMode.TelemetryFlowCollector"/>
    /// mode; a larger one gets 400. Defaults to <see cref="DefaultMaxHttpRequestBodySize"/>, the OpenTelemetry
    /// collector's <c>confighttp</c> default: the TelemetryFlow collector's own limit is not documented, and its gRPC limit
    /// of 4 MiB does not apply to HTTP. <see cref="OtlpReceiverMode.Generic"/> mode keeps Kestrel's limit.
    /// </summary>
    public long MaxHttpRequestBodySize { get; init; } = DefaultMaxHttpRequestBodySize;

    /// <summary>
    /// The key ids <c>/v2/</c> accepts in <see cref="OtlpReceiverMode.TelemetryFlowCollector"/> mode; another well-formed
    /// key gets 403. <see langword="null"/> (the default) or empty accepts every key id starting with <see cref="KeyIdPrefix"/>.
    /// </summary>
    public IReadOnlyCollection<string>? AllowedKeyIds { get; init; }

    /// <summary>
    /// The <c>X-TelemetryFlow-Key-Secret</c> that <c>/v2/</c> requires in <see cref="OtlpReceiverMode.TelemetryFlowCollector"/>
    /// mode (another or none gets 401); <see langword="null"/> (the default) does not check the secret, like the collector
    /// out of the box.
    /// </summary>
    public string? RequiredKeySecret { get; init; }

    /// <summary>
    /// Limits requests per API key like the TelemetryFlow backend, in either mode; <see langword="null"/> (the default)
    /// does not limit. Use <c>new OtlpRateLimit()</c> for the production limit of 100 requests per 60 seconds.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A refused request is recorded in <see cref="OtlpReceiver.Requests"/> as not accepted, without its message, adds
    /// nothing to the received data, and counts in <see cref="OtlpReceiver.RateLimitedRequestCount"/>.
    /// </para>
    /// <para>
    /// HTTP answers 429 with <c>Retry-After</c> and the <c>X-RateLimit-*</c> headers (see <see cref="OtlpRateLimit"/>).
    /// The real backend sits behind HTTP only, so gRPC has no original to copy: it answers <c>RESOURCE_EXHAUSTED</c>
    /// with trailers <c>retry-after</c> (seconds), <c>x-ratelimit-limit</c>, <c>x-ratelimit-remaining</c>,
    /// <c>x-ratelimit-reset</c>, <c>grpc-retry-pushback-ms</c>, and a <c>google.rpc.RetryInfo</c> detail in
    /// <c>grpc-status-details-bin</c>, the hint OTLP exporters read. Accepted gRPC calls carry the
    /// <c>x-ratelimit-*</c> entries in their response headers.
    /// </para>
    /// </remarks>
    public OtlpRateLimit? RateLimit { get; init; }

    /// <summary>
    /// The clock behind <see cref="RateLimit"/> windows and <see cref="ReceivedRequest.ReceivedAt"/>. Defaults to
    /// <see cref="System.TimeProvider.System"/>; a test can pass a fake one to end a window without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// When set, both endpoints serve TLS with this certificate (which must hold its private key) and their addresses
    /// use <c>https</c>; <see langword="null"/> (the default) serves plaintext.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>
    /// When set together with <see cref="ServerCertificate"/>, every connection must present a client certificate that
    /// chains to this authority (mutual TLS); a handshake without one fails. <see langword="null"/> (the default) asks for none.
    /// </summary>
    public X509Certificate2? ClientCertificateAuthority { get; init; }

    /// <summary>
    /// The port the OTLP/gRPC endpoint listens on; 0 (the default) takes a free port, read back from
    /// <see cref="OtlpReceiver.GrpcEndpoint"/>. Set it to <see cref="StandardGrpcPort"/> to receive from an app
    /// configured with the OTLP defaults.
    /// </summary>
    /// <remarks>
    /// When the port is taken, <see cref="OtlpReceiver.StartAsync(OtlpReceiverOptions, CancellationToken)"/> fails with an
    /// <see cref="IOException"/> naming this option.
    /// </remarks>
    public int GrpcPort { get; init; }

    /// <summary>
    /// The port the OTLP/HTTP endpoint listens on; 0 (the default) takes a free port, read back from
    /// <see cref="OtlpReceiver.HttpEndpoint"/>. Set it to <see cref="StandardHttpPort"/> to receive from an app
    /// configured with the OTLP defaults.
    /// </summary>
    /// <remarks>
    /// When the port is taken, <see cref="OtlpReceiver.StartAsync(OtlpReceiverOptions, CancellationToken)"/> fails with an
    /// <see cref="IOException"/> naming this option.
    /// </remarks>
    public int HttpPort { get; init; }

    /// <summary>
    /// Whether both endpoints listen on every network interface (IPv4 and IPv6) rather than on loopback only. Defaults to
    /// <see langword="false"/>: the receiver is plaintext and unauthenticated, so other hosts cannot reach it unless asked.
    /// <see cref="OtlpReceiver.GrpcEndpoint"/> and <see cref="OtlpReceiver.HttpEndpoint"/> name 127.0.0.1 either way.
    /// </summary>
    public bool ListenOnAllInterfaces { get; init; }

    /// <summary>
    /// Whether OTLP/HTTP accepts JSON bodies (<c>Content-Type: application/json</c>, as browser and some other exporters
    /// send) besides protobuf, in <see cref="OtlpReceiverMode.Generic"/> mode, answering <c>{}</c> as JSON. Defaults to
    /// <see langword="false"/>: such a request gets 415. Hex trace and span ids are decoded as the OTLP specification
    /// says; decoded requests are recorded like protobuf ones.
    /// </summary>
    public bool AcceptJson { get; init; }

    /// <summary>
    /// Whether the receiver keeps what it receives (<see cref="OtlpReceiver.Requests"/>, <see cref="OtlpReceiver.Spans"/>,
    /// <see cref="OtlpReceiver.Metrics"/>, <see cref="OtlpReceiver.Logs"/>, and the waits over them). Defaults to
    /// <see langword="true"/>. A long-running tool that only handles <see cref="OtlpReceiver.Arrived"/> sets it to
    /// <see langword="false"/> so its memory stays flat; <see cref="OtlpReceiver.AcceptedSpanCount"/> still counts.
    /// </summary>
    public bool KeepReceived { get; init; } = true;

    /// <summary>The standard OTLP/gRPC port, 4317.</summary>
    public const int StandardGrpcPort = 4317;

    /// <summary>The standard OTLP/HTTP port, 4318.</summary>
    public const int StandardHttpPort = 4318;

    internal void Validate()
    {
        ValidatePort(GrpcPort, nameof(GrpcPort));
        ValidatePort(HttpPort, nameof(HttpPort));
        if (GrpcPort != 0 && GrpcPort == HttpPort)
        {
            throw new ArgumentException(
                $"{nameof(GrpcPort)} and {nameof(HttpPort)} are both {GrpcPort}; the gRPC and HTTP endpoints need different ports (or 0 for a free one).",
                nameof(HttpPort));
        }

        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Unknown receiver mode.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGrpcMessageSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHttpRequestBodySize);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        RateLimit?.Validate();
        if (ClientCertificateAuthority is not null && ServerCertificate is null)
        {
            throw new ArgumentException("A client certificate authority needs a server certificate: mutual TLS runs over TLS.", nameof(ClientCertificateAuthority));
        }
    }

    private static void ValidatePort(int port, string name)
    {
        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(name, port, $"{name} must be a TCP port from 1 to 65535, or 0 for a free port.");
        }
    }
}
