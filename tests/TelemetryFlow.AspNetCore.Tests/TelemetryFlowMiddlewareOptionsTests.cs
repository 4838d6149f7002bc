using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>What <see cref="TelemetryFlowMiddlewareOptions"/> turns on and off, checked at the receiver.</summary>
public sealed class TelemetryFlowMiddlewareOptionsTests
{
    private const string ControlMetric = "test.control";

    [Theory]
    [InlineData(true, true, true, true)]
    [InlineData(false, true, true, true)]
    [InlineData(true, false, true, true)]
    [InlineData(true, true, false, true)]
    [InlineData(false, false, false, true)]
    [InlineData(true, true, true, false)]
    [InlineData(false, false, false, false)]
    public async Task RecordOptions_EachSwitch_TurnsItsMetricsOnOrOff(bool recordDuration, bool recordCount, bool recordErrors, bool aspNetCoreMetrics)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var settings = new Dictionary<string, string?> { ["TelemetryFlow:AspNetCoreMetrics"] = aspNetCoreMetrics ? "true" : "false" };
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver, settings: settings), options =>
        {
            options.RecordDuration = recordDuration;
            options.RecordCount = recordCount;
            options.RecordErrors = recordErrors;
        });
        using var http = TestWebApp.CreateClient(app);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/a", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync(new Uri("/fail", UriKind.Relative))).StatusCode);

        // Proves a metric export happened, so an absent metric was not recorded rather than not yet sent.
        app.Services.GetRequiredService<ITelemetryFlowClient>().IncrementCounter(ControlMetric);
        await app.StopAsync();

        Assert.NotNull(receiver.LastMetric(ControlMetric));
        Assert.Equal(recordDuration, receiver.LastMetric("http.server.request.duration") is not null);

        // ASP.NET Core counts active requests before the middleware runs; without its meter the middleware counts them.
        Assert.Equal(recordDuration || aspNetCoreMetrics, receiver.LastMetric("http.server.active_requests") is not null);
        Assert.Equal(recordCount, receiver.LastMetric("http.server.requests") is not null);
        Assert.Equal(recordErrors, receiver.LastMetric("http.server.errors") is not null);

        // The span does not depend on the metric switches.
        Assert.Equal(2, receiver.ServerSpans().Count);
    }

    [Fact]
    public async Task ExcludedPaths_DefaultCustomExactAndPrefix_RecordNoSpanAndNoMetric()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(
            TestWebApp.CreateBuilder(receiver),
            options =>
            {
                options.RecordCount = true;
                options.ExcludedPaths.Add("/internal/ping");
                options.ExcludedPaths.Add("/internal/jobs/*");
            },
            routes: app =>
            {
                app.MapGet("/health/ready", () => "ready");
                app.MapGet("/internal/ping", () => "pong");
                app.MapGet("/internal/pings", () => "not excluded: an exact entry is not a prefix");
                app.MapGet("/internal/jobs/{id}", (int id) => $"job {id}");
            });
        using var http = TestWebApp.CreateClient(app);

        string[] excluded = ["/health", "/HEALTH/ready", "/internal/ping", "/internal/jobs/7"];
        string[] recorded = ["/internal/pings", "/hello/world"];
        foreach (var path in excluded.Concat(recorded))
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await app.StopAsync();

        Assert.Equal(recorded.Order(), receiver.ServerSpans().Select(s => (string)s.Attributes["url.path"]!).Order());
        foreach (var name in new[] { "http.server.request.duration", "http.server.requests" })
        {
            var routes = receiver.RequireMetric(name).DataPoints.Select(p => p.Attributes["http.route"]).Order();
            Assert.Equal(["/hello/{name}", "/internal/pings"], routes);
        }
    }

    [Fact]
    public async Task EnrichSpan_AddsAnAttribute_ArrivesOnTheServerSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(
            TestWebApp.CreateBuilder(receiver),
            options => options.EnrichSpan = (activity, context) => activity.SetTag("app.tenant", context.Request.Headers["X-Tenant"].ToString()));
        using var http = TestWebApp.CreateClient(app);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/hello/world", UriKind.Relative));
        request.Headers.Add("X-Tenant", "acme");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.ServerSpans());
        Assert.Equal("acme", span.Attributes["app.tenant"]);
        Assert.Equal("/hello/{name}", span.Attributes["http.route"]);
    }
}
