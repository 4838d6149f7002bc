// Consumer check, first half of consumer-worker: a fresh `dotnet new worker` app that references only the
// TelemetryFlow.Hosting package. WorkerReceiverProgram.cs runs it with TELEMETRYFLOW_ENDPOINT set to a receiver on
// loopback, so it needs no API key, and with OTEL_EXPORTER_OTLP_HEADERS carrying a header of its own.
using TelemetryFlow;

var builder = Host.CreateApplicationBuilder(args);
builder.AddTelemetryFlow(telemetry => telemetry.WithService("consumer-worker"));
builder.Services.AddHostedService<Job>();
using (var host = builder.Build())
{
    await host.RunAsync();
}

// A worker on TelemetryFlow.Hosting must never load ASP.NET Core, not even to look for it.
var aspNetCore = AppDomain.CurrentDomain.GetAssemblies()
    .Select(a => a.GetName().Name ?? string.Empty)
    .Where(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name == "TelemetryFlow.AspNetCore")
    .ToList();
if (aspNetCore.Count > 0)
{
    Console.Error.WriteLine($"consumer-worker loaded ASP.NET Core: {string.Join(", ", aspNetCore)}");
    return 1;
}

Console.WriteLine("consumer-worker ran without ASP.NET Core");
return 0;

internal sealed class Job(ITelemetryFlowClient telemetry, ILogger<Job> logger, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using (telemetry.Span("consumer-worker.job"))
        {
            logger.LogInformation("Job done");
            telemetry.IncrementCounter("consumer.worker.jobs");
        }

        // Stopping the host flushes what the job recorded.
        lifetime.StopApplication();
        return Task.CompletedTask;
    }
}
