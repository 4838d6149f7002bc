// The TelemetryFlow console sample: the SDK's main job, end to end.
//
//   dotnet run --project samples/TelemetryFlow.Samples.Console            (OTLP/gRPC)
//   dotnet run --project samples/TelemetryFlow.Samples.Console -- --http  (OTLP/HTTP)
//
// With TELEMETRYFLOW_ENDPOINT (or OTEL_EXPORTER_OTLP_ENDPOINT) set, it reads every TELEMETRYFLOW_*
// variable and sends there. With neither set, it starts an OTLP receiver on loopback, sends to it,
// and prints what arrived: each trace as a waterfall and the metrics as a table of streams.
using System.Diagnostics;
using TelemetryFlow;
using TelemetryFlow.Testing;

var useHttp = args.Contains("--http", StringComparer.OrdinalIgnoreCase);
var configuredEndpoint = Environment.GetEnvironmentVariable(TelemetryFlowEnvironmentVariables.Endpoint)
    ?? Environment.GetEnvironmentVariable(TelemetryFlowEnvironmentVariables.OtelEndpoint);

await using var receiver = configuredEndpoint is null ? await OtlpReceiver.StartAsync() : null;
var builder = new TelemetryFlowBuilder();
if (receiver is null)
{
    builder.WithAutoConfiguration();
    if (Environment.GetEnvironmentVariable(TelemetryFlowEnvironmentVariables.ServiceName) is null
        && Environment.GetEnvironmentVariable(TelemetryFlowEnvironmentVariables.OtelServiceName) is null)
    {
        builder.WithService("telemetryflow-console-sample", "1.0.0");
    }

    Console.WriteLine($"Sending to {configuredEndpoint} (from the environment).");
}
else
{
    // Demo credentials: the local receiver records them but does not check them.
    builder.WithApiKey("tfk_local_demo", "tfs_local_demo_secret")
        .WithService("telemetryflow-console-sample", "1.0.0")
        .WithEnvironment("development")
        .WithEndpoint((useHttp ? receiver.HttpEndpoint : receiver.GrpcEndpoint).ToString());
    Console.WriteLine($"No TELEMETRYFLOW_ENDPOINT set: started a local OTLP receiver ({(useHttp ? receiver.HttpEndpoint : receiver.GrpcEndpoint)}).");
}

if (useHttp)
{
    builder.WithHttp();
}

TelemetryFlowClient client;
try
{
    client = builder.BuildClient();
}
catch (ConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

client.Initialize();
Console.WriteLine($"Initialized: {client.Config}");

// Metrics
var demoRoute = new TagList { { "route", "/demo" } };
for (var i = 0; i < 3; i++)
{
    client.IncrementCounter("sample.requests", 1, demoRoute);
}

client.RecordGauge("sample.queue.depth", 5);
client.RecordGauge("sample.queue.depth", 7);
client.RecordHistogram("sample.request.duration", 12.5, "ms");
client.RecordHistogram("sample.request.duration", 40, "ms");

// Logs, one per severity
client.LogTrace("trace message from the sample");
client.LogDebug("debug message from the sample");
client.LogInfo("info message from the sample", [new("sample.attribute", "hello")]);
client.LogWarn("warn message from the sample");
client.LogError("error message from the sample");
client.LogFatal("fatal message from the sample");

// Spans: a parent with a child that carries an event and a log, then a failure
using (client.Span("sample.operation"))
{
    var child = client.StartSpan("sample.child", SpanKind.Internal, [new("sample.step", 1)]);
    client.AddSpanEvent(child.SpanId, "sample.event", [new("detail", "something happened")]);
    client.LogInfo("log written inside sample.child");
    client.EndSpan(child.SpanId);
}

var failure = client.StartSpan("sample.failure");
try
{
    throw new InvalidOperationException("the sample failed on purpose");
}
catch (InvalidOperationException ex)
{
    client.EndSpan(failure.SpanId, ex);
}

var flushed = await client.ShutdownAsync();
var status = client.GetStatus();
Console.WriteLine();
Console.WriteLine($"Shut down (flushed in time: {flushed}). Status:");
foreach (var signal in new[] { status.Traces, status.Metrics, status.Logs })
{
    // Metrics are aggregated: recorded counts the app's measurements, exported the data points sent for every meter.
    var units = signal.Signal == SignalType.Metrics ? " (recorded: measurements; exported: data points of every meter)" : string.Empty;
    Console.WriteLine($"  {signal.Signal,-8} recorded={signal.Recorded} exported={signal.Exported} failed={signal.Failed}{units}"
        + (signal.LastFailureReason is null ? string.Empty : $" last failure: {signal.LastFailureReason}"));
}

await client.DisposeAsync();
if (receiver is null)
{
    return status.Traces.Failed + status.Metrics.Failed + status.Logs.Failed == 0 ? 0 : 1;
}

// What arrived, as `telemetryflow-gen listen` shows it: each trace as a waterfall, logs under the span that wrote
// them, then the sample's metric streams and the logs written outside any span.
var width = Console.IsOutputRedirected ? TelemetryView.DefaultWidth : Math.Clamp(Console.WindowWidth, TelemetryView.MinWidth, 160);
var sampleMetrics = receiver.Metrics.Where(m => m.Name.StartsWith("sample.", StringComparison.Ordinal)).ToList();
var sampleStreams = TelemetryView.CountStreams(sampleMetrics);
var sdkStreams = TelemetryView.CountStreams(receiver.Metrics) - sampleStreams;
Console.WriteLine();
Console.WriteLine("What the local receiver got:");
Console.WriteLine();
Console.Write(TelemetryView.Waterfall(receiver.Spans, receiver.Logs, width));
Console.WriteLine();
Console.Write(TelemetryView.MetricsTable(sampleMetrics, width));
Console.WriteLine($"{status.Metrics.Recorded} measurements were aggregated into {sampleStreams} metric streams (one per instrument and attribute set); "
    + $"the other {sdkStreams} are the SDK's own health metrics and the .NET platform meters it turns on by default.");
Console.WriteLine();
Console.WriteLine("Logs written outside any span:");
Console.Write(TelemetryView.Logs(receiver.Logs.Where(l => l.TraceIdHex is null), width));
Console.WriteLine();

var complete = receiver.Spans.Count >= 3 && receiver.Logs.Count >= 7 && sampleStreams >= 3;
Console.WriteLine(complete ? "All sample telemetry arrived." : "Some sample telemetry is missing.");
return complete ? 0 : 1;
