using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary><c>AddHealthChecks().AddTelemetryFlow()</c> behind <c>MapHealthChecks("/health")</c>.</summary>
public sealed class TelemetryFlowHealthCheckTests
{
    private const string DetailsPath = "/health/details";

    [Fact]
    public async Task HealthCheck_AfterSuccessfulExports_ReportsHealthy()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver), routes: MapDetails);
        using var http = TestWebApp.CreateClient(app);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/world", UriKind.Relative))).StatusCode);
        Assert.True(await app.Services.GetRequiredService<ITelemetryFlowClient>().FlushAsync());

        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        var details = await http.GetStringAsync(new Uri(DetailsPath, UriKind.Relative));
        Assert.Contains("telemetryflow: Healthy", details, StringComparison.Ordinal);
        Assert.Contains("traces-exporter: Healthy", details, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Theory]
    [InlineData(null, HttpStatusCode.OK, "Degraded")]
    [InlineData(HealthStatus.Unhealthy, HttpStatusCode.ServiceUnavailable, "Unhealthy")]
    public async Task HealthCheck_EndpointRefusesConnections_ReportsTheFailureStatusWithoutSecret(HealthStatus? failureStatus, HttpStatusCode expectedCode, string expectedStatus)
    {
        using var refusing = RefusingEndpoint.Create();
        var builder = TestWebApp.CreateBareBuilder();
        builder.Services.AddTelemetryFlow(telemetry => TestWebApp.ExportTo(telemetry, refusing.Uri).WithTimeout(TimeSpan.FromSeconds(2)));
        builder.Services.AddHealthChecks().AddTelemetryFlow(failureStatus: failureStatus);
        await using var app = await TestWebApp.StartAsync(builder, routes: MapDetails);
        var client = app.Services.GetRequiredService<ITelemetryFlowClient>();
        using var http = TestWebApp.CreateClient(app);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            client.LogWarn($"export attempt {attempt}");
            Assert.False(await client.FlushAsync());
        }

        // The SDK itself is Unhealthy: three failed exports in a row. What the check makes of it is the registration's.
        Assert.Equal(HealthState.Unhealthy, (await client.GetHealthAsync()).Status);
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(expectedCode, health.StatusCode);
        var body = await health.Content.ReadAsStringAsync();
        Assert.Equal(expectedStatus, body);

        using var detailsResponse = await http.GetAsync(new Uri(DetailsPath, UriKind.Relative));
        Assert.Equal(expectedCode, detailsResponse.StatusCode);
        var details = await detailsResponse.Content.ReadAsStringAsync();
        Assert.Contains($"telemetryflow: {expectedStatus}", details, StringComparison.Ordinal);
        Assert.Contains("logs-exporter: Unhealthy", details, StringComparison.Ordinal);
        Assert.DoesNotContain(TestWebApp.KeySecret, body + details, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", body + details, StringComparison.Ordinal);
        await app.StopAsync();
    }

    /// <summary>A second health endpoint that writes everything the check reports: description and data.</summary>
    private static void MapDetails(WebApplication app) =>
        app.MapHealthChecks(DetailsPath, new HealthCheckOptions { ResponseWriter = WriteDetailsAsync });

    private static Task WriteDetailsAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder();
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(name).Append(": ").Append(entry.Status).Append(" - ").AppendLine(entry.Description);
            foreach (var (key, value) in entry.Data)
            {
                text.Append("  ").Append(key).Append(": ").AppendLine(value.ToString());
            }
        }

        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(text.ToString());
    }
}
