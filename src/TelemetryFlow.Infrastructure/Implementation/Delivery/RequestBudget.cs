using System.Globalization;
using System.Net;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// The request budget of one API key. The TelemetryFlow backend allows each key a number of requests per fixed window
/// (100 a minute in production) and answers the rest with 429 and <c>Retry-After</c>; every answer carries
/// <c>X-RateLimit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c>. One budget serves all three signals of a client, since
/// they share the key.
/// </summary>
/// <remarks>
/// <para>
/// The backend's figures win over local counting: they count every instance that shares the key. Without them (a
/// collector or another OTLP receiver) only a configured budget (<c>TelemetryConfig.RequestBudget</c>) paces requests,
/// in windows of a minute; with neither, nothing is held.
/// </para>
/// <para>
/// A request that may not go yet is held by its caller, the exporter's thread, rather than dropped: meanwhile the
/// exporter's bounded queue fills, and the next batch it takes is a full one, so requests grow as the budget shrinks.
/// </para>
/// </remarks>
internal sealed class RequestBudget
{
    /// <summary>The longest a request is held for the budget at a time; a longer <c>Retry-After</c> is not believed.</summary>
    public static readonly TimeSpan LongestHold = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Unix seconds from this value on; smaller X-RateLimit-Reset values are seconds from now.
    private const long UnixSecondsThreshold = 1_000_000_000;

    [ThreadStatic]
    private static DateTimeOffset? t_callerDeadline;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _perMinute;
    private int? _limit;
    private int? _remaining;
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private long _held;

    /// <param name="perMinute">Requests per minute to keep to without the backend's figures; 0 to follow only them.</param>
    /// <param name="time">The clock.</param>
    public RequestBudget(int perMinute, TimeProvider time)
    {
        _perMinute = perMinute;
        _time = time;
    }

    /// <summary>
    /// The deadline of a flush running on this thread, if any: OpenTelemetry exports metrics on the thread that flushes
    /// them, and a wait for the budget there must not outlast the caller's timeout.
    /// </summary>
    public static DateTimeOffset? CallerDeadline => t_callerDeadline;

    /// <summary>Bounds budget waits on this thread by <paramref name="deadline"/> until the scope is disposed.</summary>
    public static CallerDeadlineScope BoundWaitsOnThisThread(DateTimeOffset deadline)
    {
        var previous = t_callerDeadline;
        t_callerDeadline = deadline;
        return new CallerDeadlineScope(previous);
    }

    internal static void RestoreCallerDeadline(DateTimeOffset? previous) => t_callerDeadline = previous;

    /// <summary>How many requests had to wait for the budget so far.</summary>
    public long Holds => Interlocked.Read(ref _held);

    /// <summary>The limit the backend announced (<c>X-RateLimit-Limit</c>), else the configured one; null when neither.</summary>
    public int? Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit ?? (_perMinute > 0 ? _perMinute : null);
            }
        }
    }

    /// <summary>Takes one request from the budget, or says how long to wait before asking again.</summary>
    /// <returns><see cref="TimeSpan.Zero"/> when the request may go now (and was counted).</returns>
    public TimeSpan TryTake()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (now < _blockedUntil)
            {
                return Cap(_blockedUntil - now);
            }

            if (now >= _windowEnd)
            {
                // A new window: without the backend's count, start from the configured budget.
                _remaining = _perMinute > 0 ? Math.Min(_perMinute, _limit ?? int.MaxValue) : null;
                _windowEnd = _perMinute > 0 ? now + Window : DateTimeOffset.MaxValue;
            }

            if (_remaining is { } remaining)
            {
                if (remaining <= 0)
                {
                    return Cap(_windowEnd - now);
                }

                _remaining = remaining - 1;
            }

            return TimeSpan.Zero;
        }
    }

    /// <summary>Learns from an answer: the backend's figures, and for a rate-limited one, how long to hold.</summary>
    /// <returns>Whether the answer says the request was refused for the rate limit (HTTP 429, or gRPC RESOURCE_EXHAUSTED with a retry hint).</returns>
    public bool Observe(HttpResponseMessage response)
    {
        var now = _time.GetUtcNow();
        var limit = ReadInt(response, "X-RateLimit-Limit");
        var remaining = ReadInt(response, "X-RateLimit-Remaining");
        var reset = ReadLong(response, "X-RateLimit-Reset");
        var hint = RetryHints.From(response, now);
        var limited = response.StatusCode == HttpStatusCode.TooManyRequests
            || (ExportFailureClassifier.GrpcStatus(response) == ExportFailureClassifier.ResourceExhausted && hint >= TimeSpan.Zero);
        lock (_gate)
        {
            if (limit is > 0)
            {
                _limit = limit;
            }

            if (reset is { } value && ResetTime(value, now) is { } windowEnd)
            {
                _windowEnd = windowEnd;
            }

            if (remaining is >= 0)
            {
                _remaining = remaining;
                if (reset is null && _windowEnd == DateTimeOffset.MaxValue)
                {
                    _windowEnd = now + Window;
                }
            }

            if (limited)
            {
                var knownWindow = _windowEnd > now && _windowEnd != DateTimeOffset.MaxValue;
                // A hint of 0 (the window ends now) means "try again at once", not "wait a second".
                var wait = hint is { } h && h >= TimeSpan.Zero ? h : knownWindow ? _windowEnd - now : TimeSpan.FromSeconds(1);
                _blockedUntil = now + Cap(wait);

                // This window is spent: a new one starts when the hold ends, if not before.
                if (!knownWindow || _windowEnd > _blockedUntil)
                {
                    _windowEnd = _blockedUntil;
                }

                _remaining = 0;
            }
        }

        return limited;
    }

    /// <summary>At most <see cref="LongestHold"/>, and whole milliseconds: a shorter wait rounds to none and would spin.</summary>
    /// <summary>X-RateLimit-Reset as a time: unix seconds, or seconds from now; null when it makes no sense (e.g. milliseconds).</summary>
    private static DateTimeOffset? ResetTime(long value, DateTimeOffset now)
    {
        if (value < UnixSecondsThreshold)
        {
            return value <= LongestHold.TotalSeconds ? now + TimeSpan.FromSeconds(value) : now + LongestHold;
        }

        var latest = (now + LongestHold).ToUnixTimeSeconds();
        return value <= latest ? DateTimeOffset.FromUnixTimeSeconds(value) : null;
    }

    private static TimeSpan Cap(TimeSpan wait) =>
        wait > LongestHold ? LongestHold : TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(wait.TotalMilliseconds)));

    private static int? ReadInt(HttpResponseMessage response, string name) =>
        ReadLong(response, name) is { } value && value <= int.MaxValue ? (int)value : null;

    // The figures come in the headers (HTTP), or the headers or trailers (gRPC).
    private static long? ReadLong(HttpResponseMessage response, string name) =>
        long.TryParse(ExportFailureClassifier.GrpcHeader(response, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>Counts a request that had to wait for the budget.</summary>
    public void CountHold() => Interlocked.Increment(ref _held);
}
