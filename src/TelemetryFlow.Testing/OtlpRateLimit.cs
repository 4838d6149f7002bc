namespace TelemetryFlow.Testing;

/// <summary>
/// The TelemetryFlow backend's request limit: at most <see cref="PermitLimit"/> requests per API key in each fixed
/// <see cref="Window"/>; set through <see cref="OtlpReceiverOptions.RateLimit"/>.
/// </summary>
/// <remarks>
/// <para>
/// The key is the <c>X-TelemetryFlow-Key-ID</c> header (gRPC: the metadata entry of that name); requests without it
/// share one budget. A key's window opens with its first request and lasts <see cref="Window"/>; the next request after
/// that opens a new one. Time is read from <see cref="OtlpReceiverOptions.TimeProvider"/>, so a test can move it with a
/// fake clock instead of waiting.
/// </para>
/// <para>
/// Over the limit, OTLP/HTTP gets <c>429 Too Many Requests</c> with <c>Retry-After</c> (whole seconds to the window end,
/// rounded up), and OTLP/gRPC gets <c>RESOURCE_EXHAUSTED</c> with the same hints in its trailers (see
/// <see cref="OtlpReceiverOptions.RateLimit"/>). Every answer past the limiter carries <c>X-RateLimit-Limit</c>,
/// <c>X-RateLimit-Remaining</c> and <c>X-RateLimit-Reset</c> (Unix seconds of the window end, rounded up).
/// </para>
/// </remarks>
public sealed class OtlpRateLimit
{
    /// <summary>The production limit: 100 requests per key and window.</summary>
    public const int DefaultPermitLimit = 100;

    /// <summary>The production window: 60 seconds.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);

    /// <summary>Requests allowed per key in one window; at least 1. Defaults to <see cref="DefaultPermitLimit"/>.</summary>
    public int PermitLimit { get; init; } = DefaultPermitLimit;

    /// <summary>How long one window lasts; positive. Defaults to <see cref="DefaultWindow"/>.</summary>
    public TimeSpan Window { get; init; } = DefaultWindow;

    internal void Validate()
    {
        if (PermitLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PermitLimit), PermitLimit, "A rate limit must allow at least one request per window.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "A rate limit window must be positive.");
        }
    }
}
