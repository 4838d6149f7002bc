using System.Net;
using Grpc.Core;

namespace TelemetryFlow.Testing;

/// <summary>
/// A scripted failure for resilience tests: queued with <see cref="OtlpReceiver.EnqueueFailure"/>, it makes the receiver
/// answer the next matching request(s) with an error instead of accepting the data.
/// </summary>
/// <param name="HttpStatusCode">The status answered to OTLP/HTTP requests (4xx or 5xx).</param>
/// <param name="GrpcStatus">The status answered to OTLP/gRPC requests (anything but <see cref="StatusCode.OK"/>).</param>
/// <param name="RetryAfter">
/// Back-off hint. OTLP/HTTP: a <c>Retry-After</c> header in whole seconds (rounded up).
/// OTLP/gRPC: a <c>grpc-retry-pushback-ms</c> trailer and a <c>google.rpc.RetryInfo</c> detail in <c>grpc-status-details-bin</c>.
/// </param>
/// <param name="Signal">Only requests of this signal consume the failure; <see langword="null"/> matches every signal.</param>
/// <param name="Times">How many consecutive matching requests fail before the failure is used up.</param>
public sealed record OtlpFailure(
    HttpStatusCode HttpStatusCode,
    StatusCode GrpcStatus,
    TimeSpan? RetryAfter = null,
    OtlpSignal? Signal = null,
    int Times = 1)
{
    /// <summary>The error message sent in the gRPC status and the HTTP <c>google.rpc.Status</c> body.</summary>
    public string Message { get; init; } = "Scripted failure injected by OtlpReceiver";

    /// <summary>HTTP 503 / gRPC UNAVAILABLE: the retryable "collector is down" failure.</summary>
    /// <param name="times">How many requests fail.</param>
    /// <param name="retryAfter">Optional back-off hint.</param>
    /// <returns>The failure.</returns>
    public static OtlpFailure Unavailable(int times = 1, TimeSpan? retryAfter = null) =>
        new(HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable, retryAfter, Times: times);

    /// <summary>HTTP 429 / gRPC RESOURCE_EXHAUSTED: throttling, retryable when a back-off hint is given.</summary>
    /// <param name="retryAfter">Optional back-off hint.</param>
    /// <param name="times">How many requests fail.</param>
    /// <returns>The failure.</returns>
    public static OtlpFailure TooManyRequests(TimeSpan? retryAfter = null, int times = 1) =>
        new(HttpStatusCode.TooManyRequests, StatusCode.ResourceExhausted, retryAfter, Times: times);

    /// <summary>HTTP 401 / gRPC UNAUTHENTICATED: bad or missing credentials, not retryable.</summary>
    /// <param name="times">How many requests fail.</param>
    /// <returns>The failure.</returns>
    public static OtlpFailure Unauthorized(int times = 1) =>
        new(HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, Times: times);

    /// <summary>HTTP 400 / gRPC INVALID_ARGUMENT: the payload is rejected, not retryable.</summary>
    /// <param name="times">How many requests fail.</param>
    /// <returns>The failure.</returns>
    public static OtlpFailure BadRequest(int times = 1) =>
        new(HttpStatusCode.BadRequest, StatusCode.InvalidArgument, Times: times);

    /// <summary>Restricts this failure to requests of one signal.</summary>
    /// <param name="signal">The signal whose requests fail.</param>
    /// <returns>A copy limited to <paramref name="signal"/>.</returns>
    public OtlpFailure ForSignal(OtlpSignal signal) => this with { Signal = signal };

    internal void Validate()
    {
        if ((int)HttpStatusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(HttpStatusCode), HttpStatusCode, "A scripted failure needs a 4xx or 5xx HTTP status.");
        }

        if (GrpcStatus == StatusCode.OK)
        {
            throw new ArgumentOutOfRangeException(nameof(GrpcStatus), GrpcStatus, "A scripted failure needs a non-OK gRPC status.");
        }

        if (Times < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Times), Times, "A scripted failure must apply at least once.");
        }

        if (RetryAfter is { } delay && delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryAfter), delay, "RetryAfter cannot be negative.");
        }
    }
}
