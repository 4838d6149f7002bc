// Runs Native AOT builds of the quick start against an in-process OTLP receiver and checks what each run sent:
//
//   Runner [--runs N] NAME=EXECUTABLE...
//
// Each run starts the executable with OTEL_EXPORTER_OTLP_ENDPOINT (and TELEMETRYFLOW_ENDPOINT) pointing at the
// receiver, waits for it to exit with 0, and then requires the span "charge-card", the metrics "orders.placed" and
// "orders.amount" and the log "charging card ..." to have arrived. Runs alternate between the executables (A, B, A, B,
// ...) so that a change in machine load hits all of them alike. Wall time is measured here, from start to exit; peak
// RSS and CPU time (user + system, 10 ms resolution: steadier than wall time on a busy machine) come from
// /usr/bin/time when it is installed. For each executable it prints one line,
//   RESULT NAME MEDIAN_MS MEDIAN_PEAK_RSS_KB MEDIAN_CPU_MS
// (-1 for the last two without /usr/bin/time), which scripts/aot-compare.sh turns into a table. Used by .ci/consumer-test
// (consumer-aot) too, there on the packed TelemetryFlow.Testing package. Exits 1 when a run fails or telemetry is missing.
using System.Diagnostics;
using System.Globalization;
using TelemetryFlow.Testing;

var runs = 1;
var executables = new List<(string Name, string Path)>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--runs" && i + 1 < args.Length)
    {
        runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else if (args[i].Split('=', 2) is [var name, var path])
    {
        executables.Add((name, Path.GetFullPath(path)));
    }
    else
    {
        Console.Error.WriteLine($"Unexpected argument '{args[i]}'. Usage: Runner [--runs N] NAME=EXECUTABLE...");
        return 2;
    }
}

if (executables.Count == 0 || runs < 1)
{
    Console.Error.WriteLine("Usage: Runner [--runs N] NAME=EXECUTABLE...");
    return 2;
}

const string TimeTool = "/usr/bin/time";
var measureRss = File.Exists(TimeTool);
await using var receiver = await OtlpReceiver.StartAsync();
var results = executables.ToDictionary(e => e.Name, _ => (Ms: new List<double>(), RssKb: new List<double>(), CpuMs: new List<double>()));
var rssFile = Path.GetTempFileName();
try
{
    for (var run = 1; run <= runs; run++)
    {
        foreach (var (name, path) in executables)
        {
            receiver.Clear();
            var start = measureRss ? new ProcessStartInfo(TimeTool, ["-f", "%M %U %S", "-o", rssFile, path]) : new ProcessStartInfo(path);
            start.UseShellExecute = false;
            start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.GrpcEndpoint.ToString();
            start.Environment["TELEMETRYFLOW_ENDPOINT"] = receiver.GrpcEndpoint.ToString();
            var clock = Stopwatch.StartNew();
            using (var process = Process.Start(start)!)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await process.WaitForExitAsync(timeout.Token);
                clock.Stop();
                if (process.ExitCode != 0)
                {
                    Console.Error.WriteLine($"{name} (run {run}) exited with {process.ExitCode}.");
                    return 1;
                }
            }

            try
            {
                await receiver.WaitUntilAsync(
                    r => r.Spans.Any(s => s.Name == "charge-card")
                        && r.Metrics.Any(m => m.Name == "orders.placed") && r.Metrics.Any(m => m.Name == "orders.amount")
                        && r.Logs.Any(l => l.BodyText?.StartsWith("charging card", StringComparison.Ordinal) == true),
                    TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                Console.Error.WriteLine($"{name} (run {run}): not all three signals arrived.{Environment.NewLine}{receiver.Summarize()}");
                return 1;
            }

            var (rssKb, cpuMs) = measureRss && File.ReadAllLines(rssFile).LastOrDefault()?.Split(' ') is [var kb, var user, var system]
                ? (double.Parse(kb, CultureInfo.InvariantCulture), Math.Round((double.Parse(user, CultureInfo.InvariantCulture) + double.Parse(system, CultureInfo.InvariantCulture)) * 1000))
                : (-1, -1);
            results[name].Ms.Add(clock.Elapsed.TotalMilliseconds);
            results[name].RssKb.Add(rssKb);
            results[name].CpuMs.Add(cpuMs);
            Console.WriteLine(FormattableString.Invariant(
                $"{name} run {run}: {clock.Elapsed.TotalMilliseconds:F1} ms, peak RSS {rssKb} KB, CPU {cpuMs} ms; {receiver.Spans.Count} span(s), {receiver.Metrics.Count} metric(s), {receiver.Logs.Count} log(s)"));
        }
    }
}
finally
{
    File.Delete(rssFile);
}

foreach (var (name, (ms, rss, cpu)) in results)
{
    Console.WriteLine(FormattableString.Invariant($"RESULT {name} {Median(ms):F1} {Median(rss):F0} {Median(cpu):F0}"));
}

return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
