using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace TelemetryFlow.Testing.Internal;

/// <summary>
/// The backend's limiter: a fixed window per API key, opened by the key's first request (<see cref="OtlpRateLimit"/>).
/// </summary>
internal sealed class RequestRateLimiter(OtlpRateLimit limit, TimeProvider time)
{
    public const string KeyIdHeader = "X-TelemetryFlow-Key-ID";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one request of <paramref name="keyId"/> (<see langword="null"/>: the keyless budget).</summary>
    public RateLimitDecision Acquire(string? keyId)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var key = keyId ?? string.Empty;
            if (!_windows.TryGetValue(key, out var window) || now >= window.End)
            {
                window = new Window(now + limit.Window);
                _windows[key] = window;
            }

            // Refused requests count too, as in a counter-per-window store; Remaining stays at 0 either way.
            window.Count++;
            return new RateLimitDecision(window.Count <= limit.PermitLimit, limit.PermitLimit, Math.Max(0, limit.PermitLimit - window.Count), window.End, window.End - now);
        }
    }

    private sealed class Window(DateTimeOffset end)
    {
        public DateTimeOffset End { get; } = end;

        public int Count { get; set; }
    }
}

/// <summary>What the limiter decided for one request, and the hints every answer past it carries.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, TimeSpan RetryAfter)
{
    public const string LimitHeader = "X-RateLimit-Limit";
    public const string RemainingHeader = "X-RateLimit-Remaining";
    public const string ResetHeader = "X-RateLimit-Reset";

    /// <summary>Whole seconds until the window ends, rounded up so a client never comes back too early.</summary>
    public long RetryAfterSeconds => (long)Math.Ceiling(RetryAfter.TotalSeconds);

    /// <summary>Unix seconds of the window end, rounded up like <see cref="RetryAfterSeconds"/>.</summary>
    public long ResetUnixSeconds => (long)Math.Ceiling(ResetAt.ToUnixTimeMilliseconds() / 1000d);

    public string Message => string.Create(CultureInfo.InvariantCulture, $"Rate limit exceeded: {Limit} requests per window; retry after {RetryAfterSeconds} s.");

    public void WriteHeaders(IHeaderDictionary headers)
    {
        headers[LimitHeader] = Limit.ToString(CultureInfo.InvariantCulture);
        headers[RemainingHeader] = Remaining.ToString(CultureInfo.InvariantCulture);
        headers[ResetHeader] = ResetUnixSeconds.ToString(CultureInfo.InvariantCulture);
        if (!Allowed)
        {
            headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The same hints as gRPC metadata (lower-case keys, as HTTP/2 requires).</summary>
    public void WriteMetadata(Metadata metadata)
    {
        metadata.Add(LimitHeader.ToLowerInvariant(), Limit.ToString(CultureInfo.InvariantCulture));
        metadata.Add(RemainingHeader.ToLowerInvariant(), Remaining.ToString(CultureInfo.InvariantCulture));
        metadata.Add(ResetHeader.ToLowerInvariant(), ResetUnixSeconds.ToString(CultureInfo.InvariantCulture));
        if (!Allowed)
        {
            metadata.Add("retry-after", RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        }
    }
}
