using System.Diagnostics.Metrics;

namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>The HTTP server instruments, created on the client's own meter so they export with its metrics.</summary>
internal sealed class HttpServerMetrics
{
    // Semantic-convention buckets for http.server.request.duration, in seconds.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <param name="meter">The client's meter.</param>
    /// <param name="recordsDuration">
    /// Whether the middleware records <c>http.server.request.duration</c> and <c>http.server.active_requests</c> itself;
    /// not when ASP.NET Core's hosting meter records them (one stream per metric name).
    /// </param>
    public HttpServerMetrics(Meter meter, bool recordsDuration)
    {
        if (recordsDuration)
        {
            Duration = meter.CreateHistogram(
                "http.server.request.duration",
                unit: "s",
                description: "Duration of HTTP server requests.",
                tags: null,
                advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
            ActiveRequests = meter.CreateUpDownCounter<long>("http.server.active_requests", "{request}", "Number of active HTTP server requests.");
        }

        Requests = meter.CreateCounter<long>("http.server.requests", "{request}", "Number of HTTP server requests.");
        Errors = meter.CreateCounter<long>("http.server.errors", "{error}", "Number of HTTP server requests that ended in a 5xx status or an unhandled exception.");
    }

    public Histogram<double>? Duration { get; }

    public UpDownCounter<long>? ActiveRequests { get; }

    public Counter<long> Requests { get; }

    public Counter<long> Errors { get; }
}
