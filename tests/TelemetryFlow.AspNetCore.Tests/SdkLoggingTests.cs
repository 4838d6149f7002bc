using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>In a hosted app the SDK's own lines reach the host's logging, under the category TelemetryFlow, and are never exported.</summary>
public sealed class SdkLoggingTests
{
    private const string Category = "TelemetryFlow";

    [Fact]
    public async Task HostedApp_EndpointRefusesConnections_LogsStartupAndOneWarningPerFailingSignal()
    {
        using var refusing = RefusingEndpoint.Create();
        using var capture = new CapturingLoggerProvider();
        var builder = TestWebApp.CreateBareBuilder();
        builder.Logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddTelemetryFlow(telemetry => TestWebApp.ExportTo(telemetry, refusing.Uri)
            .WithTimeout(TimeSpan.FromSeconds(2))
            .WithRetry(enabled: false)
            .WithCircuitBreaker(enabled: false));
        await using var app = await TestWebApp.StartAsync(builder);
        var client = app.Services.GetRequiredService<ITelemetryFlowClient>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Checkout");

        for (var round = 0; round < 3; round++)
        {
            logger.LogWarning("payment provider slow");
            Assert.False(await client.FlushAsync());
        }

        var status = client.GetStatus();
        var failing = new[] { status.Traces, status.Metrics, status.Logs }
            .Where(s => s.ConsecutiveFailures > 0)
            .Select(s => s.Signal.ToString().ToLowerInvariant())
            .Order()
            .ToList();
        Assert.Contains("logs", failing);

        var started = Assert.Single(capture.Of(Category), l => l.EventId.Id == 1);
        Assert.Contains(TestWebApp.ServiceName, started.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{refusing.Port}", started.Message, StringComparison.Ordinal);
        var warnings = capture.Of(Category, LogLevel.Warning);
        Assert.Equal(failing, warnings.Select(w => w.Message.Split(' ')[3]).Order());
        Assert.All(warnings, w => Assert.Contains($"127.0.0.1:{refusing.Port}", w.Message, StringComparison.Ordinal));
        await app.StopAsync();
    }

    [Fact]
    public async Task HostedApp_SdkLines_AreNotExported()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var capture = new CapturingLoggerProvider();
        var builder = TestWebApp.CreateBuilder(receiver);
        builder.Logging.AddProvider(capture);
        await using var app = await TestWebApp.StartAsync(builder);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Checkout").LogInformation("order placed");
        await app.StopAsync();

        Assert.Single(capture.Of(Category), l => l.EventId.Id == 1);
        Assert.Contains(receiver.Logs, l => l.BodyText == "order placed");
        Assert.DoesNotContain(receiver.Logs, l => l.BodyText?.StartsWith("TelemetryFlow", StringComparison.Ordinal) == true);
    }
}
