using System.Diagnostics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using TelemetryFlow.Benchmarks;
using TelemetryFlow.Benchmarks.Export;
using TelemetryFlow.Benchmarks.Micro;
using TelemetryFlow.Benchmarks.Reporting;
using TelemetryFlow.Benchmarks.Web;
using TelemetryFlow.Testing;

// Raw OpenTelemetry vs the TelemetryFlow client: BenchmarkDotNet micro-benchmarks, then export throughput and shutdown
// flush against the in-process OTLP receiver, then a minimal web app's requests/s bare, with UseTelemetryFlow() and
// with stock OpenTelemetry ASP.NET Core instrumentation, then one combined table. See docs/benchmarks.md.
var options = BenchmarkOptions.Parse(args);
if (options.Quick && QuickMode.NeedsRestart())
{
    return QuickMode.RestartWithoutTieringDelay();
}

var clock = Stopwatch.StartNew();
var startedAt = DateTime.UtcNow;
var artifacts = Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts");
Directory.CreateDirectory(artifacts);
if (options.SummarizeProfilesOnly)
{
    CpuProfile.SummarizeAll(artifacts, since: DateTime.MinValue, Console.Out);
    return 0;
}

Console.WriteLine($"TelemetryFlow benchmarks ({options}) on {Machine.Describe()}; {Machine.LoadAverage()}");
if (Machine.IsBusy())
{
    Console.WriteLine("WARNING: something else is using the CPU (1-minute load average ≥ 1); every number below will be inflated and noisy.");
}

var rows = new List<ResultRow>();
var failed = false;
if (options.RunMicro)
{
    Summary[] summaries;
    if (options.Quick)
    {
        var logPath = Path.Combine(artifacts, "quick-run.log");
        Console.WriteLine($"Micro-benchmarks (quick, in-process; full BenchmarkDotNet log: {logPath}):");
        using var log = new StreamWriter(logPath);
        summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(options.BenchmarkArgs, BenchmarkConfigs.Quick(log, options.Profile)).ToArray();
    }
    else
    {
        summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(options.BenchmarkArgs, BenchmarkConfigs.Full(options.Profile)).ToArray();
    }

    failed |= summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
    rows.AddRange(ResultTable.FromMicroBenchmarks(summaries));
    if (options.Profile)
    {
        CpuProfile.SummarizeAll(artifacts, since: startedAt, Console.Out);
    }
}

if (options.RunExport)
{
    // Counting mode: the receiver shares these 2 cores, so it must cost little next to the exporters it measures.
    await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { CountSpansOnly = true });
    Console.WriteLine($"Export throughput ({options.Throughput.Protocol}, {options.Throughput.ProbeDuration.TotalSeconds:0.#} s probes, spans with one attribute):");
    var throughput = new ExportThroughputRunner(receiver, options.Throughput, Console.Out)
        .Run(options.ThroughputProfiles);
    rows.AddRange(ResultTable.FromThroughput(throughput));

    Console.WriteLine($"Shutdown flush of {ShutdownFlushRunner.PendingSpans:N0} pending spans:");
    rows.Add(ResultTable.FromShutdown(new ShutdownFlushRunner(receiver, options.Protocol, Console.Out).Run(options.ShutdownRepetitions)));
}

if (options.RunWeb)
{
    var web = options.Middleware;
    Console.WriteLine($"Middleware throughput (GET {MinimalApp.Path} on Kestrel at 127.0.0.1, {web.Connections} keep-alive connections; JIT warm-up, then {web.Rounds} rounds per app of {web.WarmUp.TotalSeconds:0.#} s warm-up + {web.Duration.TotalSeconds:0.#} s, alternating bare, TelemetryFlow and OpenTelemetry; the instrumented apps export over {web.Protocol}, {(web.Gzip ? "gzip" : "no compression")}):");
    rows.AddRange(ResultTable.FromMiddleware(await new MiddlewareThroughputRunner(web, Console.Out).RunAsync()));
}

Console.WriteLine();
Console.WriteLine($"Results ({Machine.Describe()}; {Machine.LoadAverage()}; {clock.Elapsed.TotalSeconds:0} s; micro-benchmark times are medians):");
ResultTable.Write(Console.Out, rows);
var tablePath = Path.Combine(artifacts, "telemetryflow-results.md");
await using (var table = new StreamWriter(tablePath))
{
    ResultTable.Write(table, rows);
}

Console.WriteLine($"(also written to {tablePath})");
return failed ? 1 : 0;
