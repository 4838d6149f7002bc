using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TelemetryFlow.Testing.Otlp.Metrics.V1;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests.Implementation;

/// <summary>
/// The HTTP server metrics, as the receiver decoded them: <c>http.server.request.duration</c> and
/// <c>http.server.active_requests</c> from ASP.NET Core's hosting meter (the default) or, with the ASP.NET Core platform
/// metrics off, from the middleware; the middleware's request and error counters either way.
/// </summary>
public sealed class HttpServerMetricsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Requests_SeveralOutcomes_RecordDurationRequestAndErrorMetricsWithSemanticConventionAttributes(bool aspNetCoreMetrics)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var settings = new Dictionary<string, string?> { ["TelemetryFlow:AspNetCoreMetrics"] = aspNetCoreMetrics ? "true" : "false" };
        await using var app = await TestWebApp.StartAsync(
            TestWebApp.CreateBuilder(receiver, settings: settings),
            options => options.RecordCount = true,
            routes: app => app.MapGet("/unavailable", () => Results.StatusCode(503)));
        using var http = TestWebApp.CreateClient(app);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/a", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/b", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/missing", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync(new Uri("/fail", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/unavailable", UriKind.Relative))).StatusCode);
        await app.StopAsync();

        var duration = receiver.RequireMetric("http.server.request.duration");
        Assert.Equal(MetricKind.Histogram, duration.Kind);
        Assert.Equal("s", duration.Unit);
        var hello = Assert.Single(duration.DataPoints, p => Route(p) == "/hello/{name}");
        Assert.Equal(2UL, hello.Count);
        Assert.InRange(hello.Sum!.Value, double.Epsilon, 60);
        var expected = new Dictionary<string, object?>
        {
            ["http.request.method"] = "GET",
            ["http.response.status_code"] = 200L,
            ["url.scheme"] = "http",
            ["http.route"] = "/hello/{name}",
        };
        if (aspNetCoreMetrics)
        {
            expected["network.protocol.version"] = "1.1";
        }

        Assert.Equal(expected, hello.Attributes);
        Assert.Equal(aspNetCoreMetrics ? "Microsoft.AspNetCore.Hosting" : "TelemetryFlow", duration.ScopeName);
        Assert.Equal([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10], hello.ExplicitBounds);
        var fail = Assert.Single(duration.DataPoints, p => Route(p) == "/fail");
        Assert.Equal(500L, fail.Attributes["http.response.status_code"]);
        Assert.Equal("System.InvalidOperationException", ErrorType(fail));
        var unavailable = Assert.Single(duration.DataPoints, p => Route(p) == "/unavailable");
        Assert.Equal("503", ErrorType(unavailable));
        Assert.Null(ErrorType(hello));

        // An unmatched request has no route: the attribute is left out rather than filled with the raw path.
        var missing = Assert.Single(duration.DataPoints, p => Route(p) is null);
        Assert.Equal(404L, missing.Attributes["http.response.status_code"]);

        var requests = receiver.RequireMetric("http.server.requests");
        Assert.Equal(MetricKind.Sum, requests.Kind);
        Assert.True(requests.IsMonotonic);
        Assert.Equal(2L, Assert.Single(requests.DataPoints, p => Route(p) == "/hello/{name}").IntValue);
        Assert.Equal(1L, Assert.Single(requests.DataPoints, p => Route(p) == "/fail").IntValue);
        Assert.Equal(1L, Assert.Single(requests.DataPoints, p => Route(p) is null).IntValue);

        var errors = receiver.RequireMetric("http.server.errors");
        Assert.True(errors.IsMonotonic);
        var error = Assert.Single(errors.DataPoints, p => Route(p) == "/fail");
        Assert.Equal(1L, error.IntValue);
        Assert.Equal(500L, error.Attributes["http.response.status_code"]);
        Assert.Equal(2, errors.DataPoints.Count);

        var active = receiver.RequireMetric("http.server.active_requests");
        Assert.False(active.IsMonotonic);
        Assert.Equal(0L, Assert.Single(active.DataPoints).IntValue);
    }

    /// <summary>The point's <c>error.type</c>, checked to occur at most once among its raw attributes.</summary>
    private static string? ErrorType(ReceivedDataPoint point)
    {
        var raw = ((HistogramDataPoint)point.Point).Attributes.Where(a => a.Key == "error.type").ToList();
        Assert.True(raw.Count <= 1, $"error.type occurs {raw.Count} times");
        return raw.Count == 0 ? null : raw[0].Value.StringValue;
    }

    private static string? Route(ReceivedDataPoint point) => point.Attributes.GetValueOrDefault("http.route") as string;
}
