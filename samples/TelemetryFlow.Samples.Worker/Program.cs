// The TelemetryFlow worker sample: a generic-host BackgroundService that records a metric, a log and a span
// every iteration.
//
//   dotnet run --project samples/TelemetryFlow.Samples.Worker                     (until Ctrl+C)
//   dotnet run --project samples/TelemetryFlow.Samples.Worker -- --iterations 3   (stops itself after 3 iterations)
//
// Settings come from appsettings.json (sections "TelemetryFlow" and "Worker") and TELEMETRYFLOW_* variables. With no
// endpoint configured, the sample starts a local OTLP receiver and prints what arrived when it stops.
using TelemetryFlow;
using TelemetryFlow.Samples.Worker;
using TelemetryFlow.Testing;

var builder = Host.CreateApplicationBuilder(args);

var settings = new WorkerSettings();
builder.Configuration.GetSection("Worker").Bind(settings);
if (builder.Configuration["iterations"] is { } iterations)
{
    if (!int.TryParse(iterations, out var count) || count < 1)
    {
        Console.Error.WriteLine($"--iterations needs a whole number of at least 1, not '{iterations}'.");
        return 2;
    }

    settings.Iterations = count;
}

var endpointConfigured = Environment.GetEnvironmentVariable(TelemetryFlowEnvironmentVariables.Endpoint) is not null
    || Environment.GetEnvironmentVariable(TelemetryFlowEnvironmentVariables.OtelEndpoint) is not null
    || builder.Configuration["TelemetryFlow:Endpoint"] is not null;
await using var receiver = endpointConfigured ? null : await OtlpReceiver.StartAsync();

builder.AddTelemetryFlow(telemetry =>
{
    if (receiver is not null)
    {
        // A receiver on loopback needs no API key, and the SDK sends none.
        telemetry.WithEndpoint(receiver.GrpcEndpoint.ToString());
    }
});
builder.Services.AddSingleton(settings);
builder.Services.AddHostedService<TelemetryWorker>();

using var host = builder.Build();
if (receiver is not null)
{
    Console.WriteLine($"No endpoint configured: exporting to a local OTLP receiver ({receiver.GrpcEndpoint}).");
}

try
{
    // Stopping (Ctrl+C, or the last of --iterations) flushes everything the worker recorded.
    await host.RunAsync();
}
catch (ConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (receiver is null)
{
    return 0;
}

Console.WriteLine();
Console.WriteLine("What the local receiver got:");
Console.WriteLine(receiver.Summarize());

var ran = settings.Completed;
var complete = receiver.Spans.Count(s => s.Name == "worker.process-batch") >= ran
    && receiver.Logs.Count(l => l.ScopeName == typeof(TelemetryWorker).FullName) >= ran
    && receiver.Metrics.Any(m => m.Name == "worker.items.processed");
Console.WriteLine(complete ? $"All worker telemetry of {ran} iteration(s) arrived." : "Some worker telemetry is missing.");
return complete ? 0 : 1;
