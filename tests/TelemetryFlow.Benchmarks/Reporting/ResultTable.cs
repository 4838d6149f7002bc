using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using TelemetryFlow.Benchmarks.Export;
using TelemetryFlow.Benchmarks.Web;

namespace TelemetryFlow.Benchmarks.Reporting;

/// <summary>
/// Builds the one table that compares raw OpenTelemetry with the SDK: a row per (raw, SDK) pair of micro-benchmarks in
/// a category (methods named <c>Raw…</c> and <c>Sdk…</c>), then the export throughput and shutdown measurements, then
/// the request middleware's throughput (the bare app in the raw column, the app with <c>UseTelemetryFlow()</c> in the SDK column).
/// Micro-benchmark times are BenchmarkDotNet medians: on a small shared machine they resist interference better than means.
/// </summary>
internal static class ResultTable
{
    private const string RawPrefix = "Raw";
    private const string SdkPrefix = "Sdk";

    public static IReadOnlyList<ResultRow> FromMicroBenchmarks(IEnumerable<Summary> summaries)
    {
        var rows = new List<ResultRow>();
        var byCategory = summaries
            .SelectMany(s => s.Reports)
            .GroupBy(r => string.Join(",", r.BenchmarkCase.Descriptor.Categories));
        foreach (var category in byCategory)
        {
            var raws = category.Where(r => MethodName(r).StartsWith(RawPrefix, StringComparison.Ordinal))
                .OrderByDescending(r => r.BenchmarkCase.Descriptor.Baseline)
                .ToList();
            foreach (var sdk in category.Where(r => MethodName(r).StartsWith(SdkPrefix, StringComparison.Ordinal)))
            {
                if (raws.Count == 0)
                {
                    rows.Add(Row(category.Key, raw: null, sdk));
                }

                rows.AddRange(raws.Select(raw => Row(category.Key, raw, sdk)));
            }
        }

        return rows;
    }

    public static IReadOnlyList<ResultRow> FromThroughput(IReadOnlyList<ThroughputResult> results)
    {
        var rows = new List<ResultRow>();
        foreach (var profile in results.GroupBy(r => (r.Profile, r.Gzip)))
        {
            var raw = profile.Single(r => r.Side == Side.Raw).Best;
            var sdk = profile.Single(r => r.Side == Side.Sdk).Best;
            var ratio = raw is not null && sdk is not null ? sdk.OfferedRate / raw.OfferedRate : (double?)null;
            var isHigh = profile.Key.Profile.HasRateTarget;
            var shareVerdict = ratio is null ? "not measured" : Targets.AtLeast(ratio.Value, Targets.ThroughputShare);
            if (raw?.ProducerBound == true || sdk?.ProducerBound == true)
            {
                // A producer-bound rate is a lower bound of what export sustains, so the ratio is only indicative.
                shareVerdict += " (producer-bound)";
            }

            var target = Format.Invariantly($"SDK ≥ {Targets.ThroughputShare:0.00}× raw");
            var verdict = shareVerdict;
            if (isHigh)
            {
                target += Format.Invariantly($"; SDK ≥ {Targets.HighThroughputSpansPerSecond:N0}/s");
                verdict = $"{shareVerdict}; rate {(sdk is null ? "not measured" : Targets.AtLeast(sdk.OfferedRate, Targets.HighThroughputSpansPerSecond))}";
            }

            rows.Add(new ResultRow(
                $"export throughput, 0 drops, {profile.Key.Profile.Label(profile.Key.Gzip)} [spans/s]",
                Throughput(raw),
                Throughput(sdk),
                ratio is null ? Format.None : Format.Ratio(ratio.Value),
                Format.None,
                Format.None,
                target,
                verdict));
        }

        return rows;
    }

    public static ResultRow FromShutdown(IReadOnlyList<ShutdownResult> results)
    {
        var raw = Median(results, Side.Raw);
        var sdk = Median(results, Side.Sdk);
        var sdkCompleted = results.Where(r => r.Side == Side.Sdk).All(r => r.Completed);
        var verdict = sdk is null ? "not measured"
            : !sdkCompleted ? "missed: not every span was delivered"
            : Targets.AtMost(sdk.Value.TotalMilliseconds, Targets.ShutdownFlush.TotalMilliseconds);
        return new ResultRow(
            Format.Invariantly($"shutdown flush of {ShutdownFlushRunner.PendingSpans:N0} pending spans (median of {results.Count / 2})"),
            raw is null ? Format.None : Format.Nanoseconds(raw.Value.TotalMilliseconds * 1e6),
            sdk is null ? Format.None : Format.Nanoseconds(sdk.Value.TotalMilliseconds * 1e6),
            raw is null || sdk is null ? Format.None : Format.Ratio(sdk.Value / raw.Value),
            Format.None,
            Format.None,
            Format.Invariantly($"SDK ≤ {Targets.ShutdownFlush.TotalSeconds:0} s, all delivered"),
            verdict);
    }

    /// <summary>
    /// The requests/s row, which carries the target, and the process CPU per request, for context: on a shared machine
    /// the CPU a request costs varies less than how many requests the process got the CPU for.
    /// </summary>
    public static IReadOnlyList<ResultRow> FromMiddleware(MiddlewareResult result)
    {
        var bareCpu = result.MedianCpuMicroseconds(WebAppKind.Bare);
        var sdkCpu = result.MedianCpuMicroseconds(WebAppKind.TelemetryFlow);
        var cpu = new ResultRow(
            Format.Invariantly($"middleware: process CPU per request (load loop, server, export), median of {result.Settings.Rounds}"),
            bareCpu is null ? Format.None : Format.Nanoseconds(bareCpu.Value * 1_000),
            sdkCpu is null ? Format.None : Format.Nanoseconds(sdkCpu.Value * 1_000),
            bareCpu is > 0 && sdkCpu is not null ? Format.Ratio(sdkCpu.Value / bareCpu.Value) : Format.None,
            Format.None,
            Format.None,
            Format.None,
            Format.None);
        return [MiddlewareRate(result), cpu];
    }

    private static ResultRow MiddlewareRate(MiddlewareResult result)
    {
        var bare = result.MedianRate(WebAppKind.Bare);
        var withSdk = result.MedianRate(WebAppKind.TelemetryFlow);
        var ratio = bare is > 0 && withSdk is not null ? withSdk.Value / bare.Value : (double?)null;
        var delivered = result.Rounds.Select(r => r.Telemetry).OfType<DeliveredTelemetry>().ToList();
        var failed = result.Rounds.Sum(r => r.Load.Failed);
        var verdict = ratio is null ? "not measured"
            : delivered.Count == 0 || delivered.Exists(d => d.Spans == 0 || d.CountedRequests == 0) ? "not measured: no spans or metrics arrived"
            : Targets.AtLeast(ratio.Value, Targets.MiddlewareShare);
        if (delivered.Exists(d => !d.Complete))
        {
            verdict += Format.Invariantly($" (spans or metrics missing in {delivered.Count(d => !d.Complete)} of {delivered.Count} rounds)");
        }

        if (failed > 0)
        {
            verdict += Format.Invariantly($" ({failed:N0} failed requests)");
        }

        return new ResultRow(
            Format.Invariantly($"middleware: GET {MinimalApp.Path} with UseTelemetryFlow() vs bare, {result.Settings.Connections} connections (median of {result.Settings.Rounds}) [requests/s]"),
            bare is null ? Format.None : Format.Rate(bare.Value),
            withSdk is null ? Format.None : Format.Rate(withSdk.Value),
            ratio is null ? Format.None : Format.Ratio(ratio.Value),
            Format.None,
            Format.None,
            Format.Invariantly($"≥ {Targets.MiddlewareShare:0.00}× bare"),
            verdict);
    }

    public static void Write(TextWriter writer, IEnumerable<ResultRow> rows)
    {
        string[] header = ["case", "raw", "SDK", "SDK/raw", "raw B/call", "SDK B/call", "target", "verdict"];
        var cells = rows.Select(r => new[] { r.Case, r.Raw, r.Sdk, r.Ratio, r.RawBytes, r.SdkBytes, r.Target, r.Verdict }).ToList();
        var widths = header.Select((h, i) => cells.Select(c => c[i].Length).Append(h.Length).Max()).ToArray();
        var numeric = new[] { false, true, true, true, true, true, false, false };

        writer.WriteLine(Line(header));
        writer.WriteLine("|" + string.Join("|", widths.Select((w, i) => numeric[i] ? new string('-', w + 1) + ":" : new string('-', w + 2))) + "|");
        foreach (var row in cells)
        {
            writer.WriteLine(Line(row));
        }

        string Line(string[] values) =>
            "| " + string.Join(" | ", values.Select((v, i) => numeric[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))) + " |";
    }

    private static ResultRow Row(string category, BenchmarkReport? raw, BenchmarkReport sdk)
    {
        var rawMedian = raw?.ResultStatistics?.Median;
        var sdkMedian = sdk.ResultStatistics?.Median;
        var rawBytes = raw?.GcStats.GetBytesAllocatedPerOperation(raw.BenchmarkCase);
        var sdkBytes = sdk.GcStats.GetBytesAllocatedPerOperation(sdk.BenchmarkCase);
        var ratio = rawMedian is > 0 && sdkMedian is not null ? sdkMedian.Value / rawMedian.Value : (double?)null;
        var (target, verdict) = Judge(category, MethodName(sdk), raw, ratio, rawBytes, sdkBytes, sdkMedian);
        return new ResultRow(
            raw is null ? $"{category}: {Description(sdk)}" : $"{category}: {Description(sdk)} vs {Description(raw)}",
            rawMedian is null ? (raw is null ? Format.None : "failed") : Format.Nanoseconds(rawMedian.Value),
            sdkMedian is null ? "failed" : Format.Nanoseconds(sdkMedian.Value),
            ratio is null ? Format.None : Format.Ratio(ratio.Value),
            raw is null ? Format.None : Format.Bytes(rawBytes),
            Format.Bytes(sdkBytes),
            target,
            verdict);
    }

    private static (string Target, string Verdict) Judge(string category, string sdkMethod, BenchmarkReport? raw, double? ratio, long? rawBytes, long? sdkBytes, double? sdkMedian)
    {
        // Only the baseline raw of a category carries the target; other raw variants are shown for context.
        var isBaselinePair = raw?.BenchmarkCase.Descriptor.Baseline == true;
        switch (category)
        {
            case "counter" or "histogram" or "gauge" when isBaselinePair && ratio is not null:
                return (Format.Invariantly($"≤ {Targets.MetricRatio:0.00}×, no extra bytes"), Targets.RatioAndBytes(ratio.Value, Targets.MetricRatio, rawBytes, sdkBytes));
            case "span" when sdkMethod == "SdkSpanScope" && isBaselinePair && ratio is not null:
                return (Format.Invariantly($"≤ {Targets.SpanScopeRatio:0.00}×, no extra bytes"), Targets.RatioAndBytes(ratio.Value, Targets.SpanScopeRatio, rawBytes, sdkBytes));
            case "log" when isBaselinePair && ratio is not null:
                return (Format.Invariantly($"≤ {Targets.LogRatio:0.00}×"), Targets.AtMost(ratio.Value, Targets.LogRatio));
            case "startup" when sdkMedian is not null:
                return (Format.Invariantly($"SDK ≤ {Targets.Startup.TotalMilliseconds:0} ms"), Targets.AtMost(sdkMedian.Value / 1e6, Targets.Startup.TotalMilliseconds));
            default:
                return (Format.None, Format.None);
        }
    }

    private static string Throughput(ProbeResult? best) => best switch
    {
        null => "none clean",
        { ProducerBound: true } => "≥ " + Format.Rate(best.OfferedRate) + " (producer-bound)",
        _ => Format.Rate(best.OfferedRate),
    };

    private static TimeSpan? Median(IReadOnlyList<ShutdownResult> results, Side side)
    {
        var times = results.Where(r => r.Side == side).Select(r => r.Elapsed).Order().ToList();
        return times.Count == 0 ? null : times[times.Count / 2];
    }

    private static string MethodName(BenchmarkReport report) => report.BenchmarkCase.Descriptor.WorkloadMethod.Name;

    private static string Description(BenchmarkReport report) =>
        report.BenchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BenchmarkAttribute>()?.Description ?? MethodName(report);
}
