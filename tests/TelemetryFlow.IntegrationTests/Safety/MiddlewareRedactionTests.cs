using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>The request middleware's attributes go through the same redaction as every other span's.</summary>
[Collection(SafetyScenarios.Name)]
public sealed class MiddlewareRedactionTests
{
    [Fact]
    public async Task Middleware_PiiInThePathAndInAFailure_IsRedactedInAttributesStatusAndExceptionEvent()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        builder.Services.Configure<TelemetryFlowHostingOptions>(options => options.ReadEnvironmentVariable = _ => null);
        builder.Services.AddTelemetryFlow(telemetry => telemetry
            .WithApiKey("tfk_web_safety", "tfs_web_safety")
            .WithService("web-safety")
            .WithEndpoint(receiver.GrpcEndpoint.ToString())
            .WithPiiRedaction());

        await using (var app = builder.Build())
        {
            app.UseTelemetryFlow();
            app.MapGet("/hello/{name}", (string name) => "hello");
            app.MapGet("/fail", string () => throw new InvalidOperationException("no account for jane@example.com"));
            await app.StartAsync();
            using (var http = app.GetTestClient())
            {
                (await http.GetAsync(new Uri("/hello/jane@example.com", UriKind.Relative))).EnsureSuccessStatusCode();
                await Assert.ThrowsAsync<InvalidOperationException>(() => http.GetAsync(new Uri("/fail", UriKind.Relative)));
            }

            await app.StopAsync();
        }

        var spans = await receiver.WaitForSpansAsync(2);
        var hello = Assert.Single(spans, s => s.Name == "GET /hello/{name}");
        Assert.Equal("/hello/[EMAIL_REDACTED]", hello.Attributes["url.path"]);
        var failed = Assert.Single(spans, s => s.Name == "GET /fail");
        Assert.Equal("no account for [EMAIL_REDACTED]", failed.StatusMessage);
        Assert.Equal("no account for [EMAIL_REDACTED]", failed.EventAttributes("exception")!["exception.message"]);
        Assert.DoesNotContain("jane@example.com", WireText.Of(receiver), StringComparison.Ordinal);
    }
}
