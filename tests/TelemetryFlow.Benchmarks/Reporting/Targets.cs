namespace TelemetryFlow.Benchmarks.Reporting;

/// <summary>The performance targets of the SDK (issue #16's, as ratios in one run), and how a measurement is judged against them.</summary>
internal static class Targets
{
    public const double MetricRatio = 1.10;
    public const double SpanScopeRatio = 1.10;
    public const double SpanByIdRatio = 1.15;
    public const double LogRatio = 1.10;
    public const double ThroughputShare = 0.95;
    public const double HighThroughputSpansPerSecond = 500_000;
    public const double MiddlewareShare = 0.92;
    public static readonly TimeSpan Startup = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan ShutdownFlush = TimeSpan.FromSeconds(2);

    /// <summary>"met", or "missed" with how far off the measurement is.</summary>
    public static string AtMost(double measured, double limit) => measured <= limit
        ? "met"
        : Format.Invariantly($"missed by {(measured / limit - 1) * 100:0.#}%");

    public static string AtLeast(double measured, double limit) => measured >= limit
        ? "met"
        : Format.Invariantly($"missed by {(1 - measured / limit) * 100:0.#}%");

    /// <summary>Time and bytes together: the time ratio, and no more bytes per call than raw.</summary>
    public static string RatioAndBytes(double ratio, double limit, long? rawBytes, long? sdkBytes)
    {
        var time = AtMost(ratio, limit);
        var extra = (sdkBytes ?? 0) - (rawBytes ?? 0);
        var bytes = extra <= 0 ? "met" : Format.Invariantly($"missed: +{extra} B/call");
        return time == "met" && bytes == "met" ? "met" : $"time {time}; bytes {bytes}";
    }
}
