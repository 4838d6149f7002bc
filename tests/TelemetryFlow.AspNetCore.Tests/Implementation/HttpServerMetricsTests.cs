using System.Net;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests.Implementation;

/// <summary>The HTTP server metrics recorded by the middleware, as the receiver decoded them.</summary>
public sealed class HttpServerMetricsTests
{
    [Fact]
    public async Task Requests_SeveralOutcomes_RecordDurationRequestAndErrorMetricsWithSemanticConventionAttributes()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver));
        using var http = TestWebApp.CreateClient(app);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/a", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/b", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/missing", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync(new Uri("/fail", UriKind.Relative))).StatusCode);
        await app.StopAsync();

        var duration = receiver.RequireMetric("http.server.request.duration");
        Assert.Equal(MetricKind.Histogram, duration.Kind);
        Assert.Equal("s", duration.Unit);
        var hello = Assert.Single(duration.DataPoints, p => Route(p) == "/hello/{name}");
        Assert.Equal(2UL, hello.Count);
        Assert.InRange(hello.Sum!.Value, double.Epsilon, 60);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["http.request.method"] = "GET",
                ["http.response.status_code"] = 200L,
                ["url.scheme"] = "http",
                ["http.route"] = "/hello/{name}",
            },
            hello.Attributes);
        Assert.Equal([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10], hello.ExplicitBounds);
        var fail = Assert.Single(duration.DataPoints, p => Route(p) == "/fail");
        Assert.Equal(500L, fail.Attributes["http.response.status_code"]);

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
        var error = Assert.Single(errors.DataPoints);
        Assert.Equal(1L, error.IntValue);
        Assert.Equal("/fail", Route(error));
        Assert.Equal(500L, error.Attributes["http.response.status_code"]);

        var active = receiver.RequireMetric("http.server.active_requests");
        Assert.False(active.IsMonotonic);
        Assert.Equal(0L, Assert.Single(active.DataPoints).IntValue);
    }

    private static string? Route(ReceivedDataPoint point) => point.Attributes.GetValueOrDefault("http.route") as string;
}
