using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>
/// The platform's meters a web app exports by default, the one <c>http.server.request.duration</c> stream, and the
/// switches from appsettings and the environment; counted at the receiver.
/// </summary>
public sealed class PlatformMetricsWebTests
{
    private const string Duration = "http.server.request.duration";

    [Fact]
    public async Task Defaults_WebApp_ExportsThePlatformMetersAndOneServerDurationStream()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await RunRequestsAsync(TestWebApp.CreateBuilder(receiver));

        var names = receiver.Metrics.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("dotnet.gc.collections", names);
        Assert.Contains("dotnet.process.cpu.time", names);
        Assert.Contains("http.client.request.duration", names);
        Assert.Contains("http.server.active_requests", names);
        Assert.Contains("aspnetcore.routing.match_attempts", names);
        Assert.Contains("kestrel.active_connections", names);

        var duration = OneStream(receiver);
        Assert.Equal("Microsoft.AspNetCore.Hosting", duration.ScopeName);
        AssertErrorTypes(duration);
    }

    [Fact]
    public async Task AspNetCoreAndKestrelOffInAppSettings_MiddlewareRecordsTheOneServerDurationStream()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["TelemetryFlow:AspNetCoreMetrics"] = "false",
            ["TelemetryFlow:KestrelMetrics"] = "false",
        };
        await RunRequestsAsync(TestWebApp.CreateBuilder(receiver, settings: settings));

        Assert.DoesNotContain(receiver.Metrics, m => m.Name.StartsWith("kestrel.", StringComparison.Ordinal) || m.Name.StartsWith("aspnetcore.", StringComparison.Ordinal));
        Assert.Contains(receiver.Metrics, m => m.Name == "http.client.request.duration");
        var duration = OneStream(receiver);
        Assert.Equal("TelemetryFlow", duration.ScopeName);
        AssertErrorTypes(duration);
    }

    [Fact]
    public async Task EnvironmentSwitches_RuntimeAndHttpClientOff_LeaveThemOut()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["TELEMETRYFLOW_RUNTIME_METRICS"] = "false",
            ["TELEMETRYFLOW_PROCESS_METRICS"] = "false",
            ["TELEMETRYFLOW_HTTP_CLIENT_METRICS"] = "false",
        };
        await RunRequestsAsync(TestWebApp.CreateBuilder(receiver, environment: environment));

        Assert.DoesNotContain(receiver.Metrics, m => m.Name.StartsWith("dotnet.", StringComparison.Ordinal) || m.Name.StartsWith("http.client.", StringComparison.Ordinal));
        Assert.Contains(receiver.Metrics, m => m.Name.StartsWith("kestrel.", StringComparison.Ordinal));
        Assert.Equal("Microsoft.AspNetCore.Hosting", OneStream(receiver).ScopeName);
    }

    /// <summary>A success, an unhandled exception, a 503 without one, and a call out through HttpClient (/chain).</summary>
    private static async Task RunRequestsAsync(WebApplicationBuilder builder)
    {
        await using var app = await TestWebApp.StartAsync(builder, routes: app => app.MapGet("/unavailable", () => Results.StatusCode(503)));
        using (var http = TestWebApp.CreateClient(app))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/a", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync(new Uri("/fail", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/unavailable", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/chain", UriKind.Relative))).StatusCode);
        }

        await app.StopAsync();
    }

    /// <summary>
    /// Every export request carried at most one <c>http.server.request.duration</c> metric, always from the same scope;
    /// returns the last one.
    /// </summary>
    private static ReceivedMetric OneStream(OtlpReceiver receiver)
    {
        var durations = receiver.Metrics.Where(m => m.Name == Duration).ToList();
        Assert.NotEmpty(durations);
        Assert.Single(durations.Select(m => m.ScopeName).Distinct());
        Assert.All(durations.GroupBy(m => m.Request), export => Assert.Single(export));
        return durations[^1];
    }

    private static void AssertErrorTypes(ReceivedMetric duration)
    {
        string? ErrorType(string route) =>
            Assert.Single(duration.DataPoints, p => (p.Attributes.GetValueOrDefault("http.route") as string) == route).Attributes.GetValueOrDefault("error.type") as string;

        Assert.Null(ErrorType("/hello/{name}"));
        Assert.Equal("System.InvalidOperationException", ErrorType("/fail"));
        Assert.Equal("503", ErrorType("/unavailable"));
    }
}
