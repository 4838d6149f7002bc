// Consumer check, second half of consumer-worker: checks that the worker built from WorkerProgram.cs (its .dll path in
// args[0]) carries no ASP.NET Core, starts a receiver on loopback, runs the worker against it without an API key and
// with OTEL_EXPORTER_OTLP_HEADERS, and checks what arrived: its span, log and metric, the extra header, and no key header.
using System.Diagnostics;
using TelemetryFlow.Testing;

var workerDll = Path.GetFullPath(args[0]);
foreach (var file in new[] { Path.ChangeExtension(workerDll, ".runtimeconfig.json"), Path.ChangeExtension(workerDll, ".deps.json") })
{
    if (File.ReadAllText(file).Contains("AspNetCore", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"{Path.GetFileName(file)} names ASP.NET Core: a worker on TelemetryFlow.Hosting must not need it.");
        return 1;
    }
}

await using var receiver = await OtlpReceiver.StartAsync();
var start = new ProcessStartInfo("dotnet", [workerDll]) { UseShellExecute = false };
start.Environment["TELEMETRYFLOW_ENDPOINT"] = receiver.GrpcEndpoint.ToString();
start.Environment["OTEL_EXPORTER_OTLP_HEADERS"] = "x-consumer-token=local%20token";
foreach (var variable in new[] { "TELEMETRYFLOW_API_KEY_ID", "TELEMETRYFLOW_API_KEY_SECRET", "TELEMETRYFLOW_CREDENTIALS" })
{
    start.Environment.Remove(variable);
}

using (var worker = Process.Start(start)!)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
    await worker.WaitForExitAsync(timeout.Token);
    if (worker.ExitCode != 0)
    {
        Console.Error.WriteLine($"consumer-worker exited with {worker.ExitCode}");
        return 1;
    }
}

await receiver.WaitUntilAsync(
    r => r.Spans.Any(s => s.Name == "consumer-worker.job") && r.Logs.Any(l => l.BodyText == "Job done") && r.Metrics.Any(m => m.Name == "consumer.worker.jobs"),
    TimeSpan.FromSeconds(20));
var problems = receiver.Requests
    .Where(r => r.Header("x-consumer-token") != "local token" || r.Header("X-TelemetryFlow-Key-ID") is not null
        || r.Header("X-TelemetryFlow-Key-Secret") is not null || r.Header("Authorization") is not null)
    .ToList();
if (problems.Count > 0)
{
    Console.Error.WriteLine($"{problems.Count} request(s) lacked the extra header or carried a key header:{Environment.NewLine}{receiver.Summarize()}");
    return 1;
}

Console.WriteLine($"consumer-worker OK: {receiver.Spans.Count} span(s), {receiver.Logs.Count} log(s), {receiver.Metrics.Count} metric(s), no key header, extra header on {receiver.Requests.Count} request(s)");
return 0;
