using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>The app's <c>ILogger</c> logs exported as OTLP log records, as the receiver decoded them.</summary>
public sealed class LoggerExportTests
{
    private const string Category = "LoggerExportTests";

    [Fact]
    public async Task Log_InsideRequest_CarriesTraceContextStructuredAttributesCategoryAndFormattedBody()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver));
        using var http = TestWebApp.CreateClient(app);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/world", UriKind.Relative))).StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.ServerSpans());
        var log = Assert.Single(receiver.LogsOf(SampleRoutes.LogCategory));
        Assert.Equal("Hello world", log.BodyText);
        Assert.Equal(span.TraceIdHex, log.TraceIdHex);
        Assert.Equal(span.SpanIdHex, log.SpanIdHex);
        Assert.Equal("world", log.Attributes["Name"]);
        Assert.Equal("Hello {Name}", log.Attributes["{OriginalFormat}"]);
        Assert.Equal(9, log.SeverityNumber);
        Assert.Equal(TestWebApp.ServiceName, log.ServiceName);
    }

    [Fact]
    public async Task Log_WithEventIdName_ArrivesAsTheOtlpEventName()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await StartWithRouteAsync(TestWebApp.CreateBuilder(receiver), logger =>
            logger.Log(LogLevel.Warning, new EventId(4711, "GreetingSent"), "Greeting {Who}", "you"));

        var log = await LogOnceAsync(app, receiver);
        Assert.Equal("GreetingSent", log.EventName);
        Assert.Equal("Greeting you", log.BodyText);
        Assert.Equal("you", log.Attributes["Who"]);
    }

    [Fact]
    public async Task Log_WithEventId_ArrivesWithItsNumericId()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await StartWithRouteAsync(TestWebApp.CreateBuilder(receiver), logger =>
            logger.Log(LogLevel.Warning, new EventId(4711, "GreetingSent"), "Greeting {Who}", "you"));

        var log = await LogOnceAsync(app, receiver);

        // OpenTelemetry .NET's attribute for EventId.Id (its OTLP exporter emits it only behind an experimental switch).
        Assert.Equal(4711L, log.Attributes.GetValueOrDefault("logrecord.event.id"));
    }

    [Theory]
    [InlineData(LogLevel.Trace, 1)]
    [InlineData(LogLevel.Debug, 5)]
    [InlineData(LogLevel.Information, 9)]
    [InlineData(LogLevel.Warning, 13)]
    [InlineData(LogLevel.Error, 17)]
    [InlineData(LogLevel.Critical, 21)]
    public async Task Log_AtLevel_MapsToOtlpSeverityNumber(LogLevel level, int severityNumber)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        await using var app = await StartWithRouteAsync(builder, logger => logger.Log(level, "at {Level}", level));

        var log = await LogOnceAsync(app, receiver);
        Assert.Equal(severityNumber, log.SeverityNumber);
        Assert.Equal(level.ToString(), log.SeverityText);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Log_InsideScopes_CarriesScopeAttributesOnlyWhenIncludeLogScopes(bool includeLogScopes)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);
        builder.Services.Configure<TelemetryFlowHostingOptions>(options => options.IncludeLogScopes = includeLogScopes);
        await using var app = await StartWithRouteAsync(builder, logger =>
        {
            using (logger.BeginScope(new Dictionary<string, object> { ["OrderId"] = 42 }))
            using (logger.BeginScope("Tenant {Tenant}", "acme"))
            {
                logger.LogInformation("placing order");
            }
        });

        var log = await LogOnceAsync(app, receiver);
        Assert.Equal("placing order", log.BodyText);
        if (includeLogScopes)
        {
            Assert.Equal(42L, log.Attributes["OrderId"]);
            Assert.Equal("acme", log.Attributes["Tenant"]);
        }
        else
        {
            Assert.False(log.Attributes.ContainsKey("OrderId"));
            Assert.False(log.Attributes.ContainsKey("Tenant"));

            // Nor ASP.NET Core's own request scope.
            Assert.False(log.Attributes.ContainsKey("RequestPath"));
        }
    }

    [Fact]
    public async Task ExportLoggerLogs_False_ExportsNoILoggerLogButClientLogs()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);
        builder.Services.Configure<TelemetryFlowHostingOptions>(options => options.ExportLoggerLogs = false);
        await using var app = await TestWebApp.StartAsync(builder);
        using var http = TestWebApp.CreateClient(app);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/world", UriKind.Relative))).StatusCode);
        app.Services.GetRequiredService<ITelemetryFlowClient>().LogInfo("written with the client");
        await app.StopAsync();

        var log = Assert.Single(receiver.Logs);
        Assert.Equal("written with the client", log.BodyText);
        Assert.Single(receiver.ServerSpans());
    }

    private static Task<WebApplication> StartWithRouteAsync(WebApplicationBuilder builder, Action<ILogger> write) =>
        TestWebApp.StartAsync(builder, routes: app => app.MapGet("/log", (ILoggerFactory loggers) =>
        {
            write(loggers.CreateLogger(Category));
            return "logged";
        }));

    /// <summary>Calls <c>/log</c> once, stops the app, and returns the one record of <see cref="Category"/>.</summary>
    private static async Task<ReceivedLog> LogOnceAsync(WebApplication app, OtlpReceiver receiver)
    {
        using (var http = TestWebApp.CreateClient(app))
        {
            Assert.Equal("logged", await http.GetStringAsync(new Uri("/log", UriKind.Relative)));
        }

        await app.StopAsync();
        var log = Assert.Single(receiver.LogsOf(Category));
        var span = Assert.Single(receiver.ServerSpans());
        Assert.Equal(span.TraceIdHex, log.TraceIdHex);
        Assert.Equal(span.SpanIdHex, log.SpanIdHex);
        return log;
    }
}
