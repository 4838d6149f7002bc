using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Hosting.Implementation;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Infrastructure.Implementation.Logging;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>What <c>AddTelemetryFlow()</c> registers.</summary>
public sealed class TelemetryFlowServiceCollectionExtensionsTests
{
    [Fact]
    public async Task ServiceCollection_AddTelemetryFlow_IsSafeToCallMultipleTimes()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBareBuilder();
        builder.Services.AddTelemetryFlow(telemetry => TestWebApp.ExportTo(telemetry, receiver));
        builder.AddTelemetryFlow();
        builder.Services.AddTelemetryFlow(telemetry => telemetry.WithEnvironment("added-twice"));

        Assert.Single(builder.Services, d => d.ServiceType == typeof(ITelemetryFlowClient));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(TelemetryFlowClient));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(TelemetryFlowHostedService));

        await using var app = await TestWebApp.StartAsync(builder);
        Assert.Single(app.Services.GetServices<ILoggerProvider>().OfType<TelemetryFlowLoggerProvider>());
        Assert.Single(app.Services.GetServices<IHostedService>().OfType<TelemetryFlowHostedService>());

        // The callbacks add up: the later call's setting applies on top of the first call's.
        Assert.Equal("added-twice", app.Services.GetRequiredService<ITelemetryFlowClient>().Config.Environment);

        using (var http = TestWebApp.CreateClient(app))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/world", UriKind.Relative))).StatusCode);
        }

        await app.StopAsync();
        Assert.Single(receiver.Spans);
        Assert.Single(receiver.LogsOf(SampleRoutes.LogCategory));
        Assert.Equal(1UL, Assert.Single(receiver.RequireMetric("http.server.request.duration").DataPoints).Count);

        // Off by default: the duration histogram's count above is the request count.
        Assert.Null(receiver.LastMetric("http.server.requests"));
    }

    [Fact]
    public async Task ServiceCollection_AddTelemetryFlow_RegistersOneClientForTheWholeApp()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = TestWebApp.CreateBuilder(receiver).Build();

        var client = app.Services.GetRequiredService<ITelemetryFlowClient>();
        Assert.Same(client, app.Services.GetRequiredService<ITelemetryFlowClient>());
        Assert.Same(client, app.Services.GetRequiredService<TelemetryFlowClient>());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Same(client, scope.ServiceProvider.GetRequiredService<ITelemetryFlowClient>());
    }
}
