using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using TelemetryFlow.Benchmarks.Export;
using TelemetryFlow.Benchmarks.Web;

namespace TelemetryFlow.Benchmarks.Reporting;

/// <summary>
/// Builds the one table that compares raw OpenTelemetry with the SDK: a row per (raw, SDK) pair of micro-benchmarks in
/// a category (methods named <c>Raw…</c> and <c>Sdk…</c>), then the export throughput and shutdown measurements, then
/// the request middleware's throughput (the baseline in the raw column: the bare app, or for the comparison of the two
/// instrumented apps the one with stock OpenTelemetry; the instrumented app in the SDK column).
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
    /// The requests/s row with <c>UseTelemetryFlow()</c> against bare, which carries the target, and the process CPU per
    /// request, for context: on a shared machine the CPU a request costs varies less than how many requests the process
    /// got the CPU for. Then the same two for stock OpenTelemetry ASP.NET Core instrumentation against bare, which has no
    /// target (it is the fair floor: what tracing every request costs without the SDK), and the requests/s with
    /// <c>UseTelemetryFlow()</c> against that floor.
    /// </summary>
    public static IReadOnlyList<ResultRow> FromMiddleware(MiddlewareResult result) =>
    [
        MiddlewareRate(result, WebAppKind.Bare, WebAppKind.TelemetryFlow, $"GET {MinimalApp.Path} with UseTelemetryFlow() vs bare", Targets.MiddlewareShare),
        MiddlewareCpu(result, WebAppKind.TelemetryFlow, string.Empty),
        MiddlewareRate(result, WebAppKind.Bare, WebAppKind.OpenTelemetry, $"GET {MinimalApp.Path} with OpenTelemetry ASP.NET Core instrumentation vs bare"),
        MiddlewareRate(result, WebAppKind.OpenTelemetry, WebAppKind.TelemetryFlow, "UseTelemetryFlow() vs OpenTelemetry ASP.NET Core instrumentation"),
        MiddlewareCpu(result, WebAppKind.OpenTelemetry, " with OpenTelemetry ASP.NET Core instrumentation"),
    ];

    /// <summary>The process CPU per request of <paramref name="app"/> against the bare app's.</summary>
    private static ResultRow MiddlewareCpu(MiddlewareResult result, WebAppKind app, string with)
    {
        var bareCpu = result.MedianCpuMicroseconds(WebAppKind.Bare);
        var appCpu = result.MedianCpuMicroseconds(app);
        return new ResultRow(
            Format.Invariantly($"middleware: process CPU per request{with} (load loop, server, export), median of {result.Settings.Rounds}"),
            bareCpu is null ? Format.None : Format.Nanoseconds(bareCpu.Value * 1_000),
            appCpu is null ? Format.None : Format.Nanoseconds(appCpu.Value * 1_000),
            bareCpu is > 0 && appCpu is not null ? Format.Ratio(appCpu.Value / bareCpu.Value) : Format.None,
            Format.None,
            Format.None,
            Format.None,
            Format.None);
    }

    /// <summary>
    /// A requests/s comparison: <paramref name="app"/> in the SDK column against <paramref name="baseline"/> in the raw
    /// column. With <paramref name="target"/> (a minimum share of the baseline) the verdict judges the ratio; without,
    /// it only reports what would make the ratio unsound.
    /// </summary>
    private static ResultRow MiddlewareRate(MiddlewareResult result, WebAppKind baseline, WebAppKind app, string comparison, double? target = null)
    {
        var baselineRate = result.MedianRate(baseline);
        var appRate = result.MedianRate(app);
        var ratio = baselineRate is > 0 && appRate is not null ? appRate.Value / baselineRate.Value : (double?)null;
        var verdict = ratio is null ? "not measured"
            : Instrumented(baseline, app).Any(kind => NothingArrived(result, kind)) ? "not measured: no spans or metrics arrived"
            : target is { } share ? Targets.AtLeast(ratio.Value, share)
            : string.Empty;
        verdict = (verdict + MiddlewareCaveats(result, baseline, app)).TrimStart();
        return new ResultRow(
            Format.Invariantly($"middleware: {comparison}, {result.Settings.Connections} connections (median of {result.Settings.Rounds}) [requests/s]"),
            baselineRate is null ? Format.None : Format.Rate(baselineRate.Value),
            appRate is null ? Format.None : Format.Rate(appRate.Value),
            ratio is null ? Format.None : Format.Ratio(ratio.Value),
            Format.None,
            Format.None,
            target is { } minimum ? Format.Invariantly($"≥ {minimum:0.00}× bare") : Format.None,
            verdict.Length == 0 ? Format.None : verdict);
    }

    /// <summary>What the instrumented rounds of the compared apps did not deliver, and the failed requests of all their rounds.</summary>
    private static string MiddlewareCaveats(MiddlewareResult result, WebAppKind baseline, WebAppKind app)
    {
        var caveats = string.Empty;
        var instrumented = Instrumented(baseline, app);
        foreach (var kind in instrumented)
        {
            var delivered = Delivered(result, kind);
            if (delivered.Exists(d => !d.Complete))
            {
                // Named only when both sides are instrumented, so the TelemetryFlow row reads as before.
                var which = instrumented.Length > 1 ? $"{kind} " : string.Empty;
                caveats += Format.Invariantly($" ({which}spans or metrics missing in {delivered.Count(d => !d.Complete)} of {delivered.Count} rounds)");
            }
        }

        var failed = result.Rounds.Where(r => r.App == baseline || r.App == app).Sum(r => r.Load.Failed);
        if (failed > 0)
        {
            caveats += Format.Invariantly($" ({failed:N0} failed requests)");
        }

        return caveats;
    }

    private static WebAppKind[] Instrumented(WebAppKind baseline, WebAppKind app) =>
        [.. new[] { baseline, app }.Where(kind => kind != WebAppKind.Bare)];

    /// <summary>Whether <paramref name="app"/> has no checked round, or a round that delivered no spans or no request count at all.</summary>
    private static bool NothingArrived(MiddlewareResult result, WebAppKind app)
    {
        var delivered = Delivered(result, app);
        return delivered.Count == 0 || delivered.Exists(d => !d.Arrived);
    }

    private static List<DeliveredTelemetry> Delivered(MiddlewareResult result, WebAppKind app) =>
        result.Rounds.Where(r => r.App == app).Select(r => r.Telemetry).OfType<DeliveredTelemetry>().ToList();

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
            case "span" when sdkMethod == "SdkStartEndById" && isBaselinePair && ratio is not null:
                return (Format.Invariantly($"≤ {Targets.SpanByIdRatio:0.00}×, no extra bytes"), Targets.RatioAndBytes(ratio.Value, Targets.SpanByIdRatio, rawBytes, sdkBytes));
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
