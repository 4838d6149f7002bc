using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests.Implementation;

/// <summary>The SDK's lifecycle inside the host: initialized at start, configuration checked at start, flushed at stop.</summary>
public sealed class TelemetryFlowHostedServiceTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HostStop_TelemetryWrittenInAnotherServicesStopAsync_IsExported(bool workerRegisteredFirst)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBareBuilder();
        if (workerRegisteredFirst)
        {
            builder.Services.AddHostedService<StoppingWorker>();
        }

        builder.Services.AddTelemetryFlow(telemetry => TestWebApp.ExportTo(telemetry, receiver));
        if (!workerRegisteredFirst)
        {
            builder.Services.AddHostedService<StoppingWorker>();
        }

        await using var app = await TestWebApp.StartAsync(builder);
        using (var http = TestWebApp.CreateClient(app))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/world", UriKind.Relative))).StatusCode);
        }

        await app.StopAsync();

        // Everything recorded before and during stop arrived: the request's span and log, and the worker's telemetry.
        Assert.Single(receiver.LogsOf(SampleRoutes.LogCategory));
        Assert.Single(receiver.ServerSpans());
        var log = Assert.Single(receiver.Logs, l => l.ScopeName.EndsWith(nameof(StoppingWorker), StringComparison.Ordinal));
        Assert.Equal("worker stopping after 1 job(s)", log.BodyText);
        Assert.Equal(1L, Assert.Single(receiver.RequireMetric("worker.stops").DataPoints).IntValue);
        Assert.Single(receiver.Spans, s => s.Name == "worker.drain");
    }

    [Fact]
    public async Task HostStart_InvalidConfiguration_ThrowsConfigurationExceptionListingEveryProblem()
    {
        const string secret = "tfs_must_never_be_echoed";
        var builder = TestWebApp.CreateBareBuilder(settings: new Dictionary<string, string?>
        {
            ["TelemetryFlow:ApiKeySecret"] = secret,
            ["TelemetryFlow:ServiceName"] = "web-tests",
            ["TelemetryFlow:Endpoint"] = "http://127.0.0.1:4317",
            ["TelemetryFlow:Timeout"] = "abc",
        });
        builder.Services.AddTelemetryFlow();
        await using var app = builder.Build();

        // Building the host and the pipeline is fine: the problems surface when the host starts, before any request.
        app.UseTelemetryFlow();
        SampleRoutes.Map(app);
        var exception = await Assert.ThrowsAsync<ConfigurationException>(() => app.StartAsync());

        Assert.Equal(2, exception.Errors.Count);
        Assert.Contains(exception.Errors, e => e.Contains("TelemetryFlow:Timeout", StringComparison.Ordinal) && e.Contains("'abc'", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.Contains("ApiKeyId", StringComparison.Ordinal) && e.Contains(TelemetryFlowEnvironmentVariables.ApiKeyId, StringComparison.Ordinal));
        Assert.All(exception.Errors, e => Assert.Contains(e, exception.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_InvalidConfigurationInAGenericHost_ThrowsConfigurationException()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TelemetryFlow:Timeout"] = "abc" });
        TestWebApp.UseEnvironment(builder.Services, new Dictionary<string, string>());
        builder.AddTelemetryFlow(telemetry => telemetry.WithApiKey(TestWebApp.KeyId, TestWebApp.KeySecret).WithService("worker"));
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<ConfigurationException>(() => host.StartAsync());
        Assert.Contains("TelemetryFlow:Timeout", Assert.Single(exception.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_ValidConfiguration_InitializesTheClientBeforeTheFirstRequest()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(
            TestWebApp.CreateBuilder(receiver),
            routes: app => app.MapGet("/initialized", (ITelemetryFlowClient client) => client.IsInitialized ? "initialized" : "not initialized"));
        using var http = TestWebApp.CreateClient(app);

        Assert.Equal("initialized", await http.GetStringAsync(new Uri("/initialized", UriKind.Relative)));
        await app.StopAsync();
        Assert.False(app.Services.GetRequiredService<ITelemetryFlowClient>().IsInitialized);
    }

    /// <summary>A hosted service that writes telemetry while the host stops.</summary>
    private sealed class StoppingWorker(ILogger<StoppingWorker> logger, ITelemetryFlowClient telemetry) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            using (telemetry.Span("worker.drain"))
            {
                logger.LogInformation("worker stopping after {Jobs} job(s)", 1);
                telemetry.IncrementCounter("worker.stops");
            }

            return Task.CompletedTask;
        }
    }
}
