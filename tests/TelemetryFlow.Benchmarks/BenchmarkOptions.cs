using System.Globalization;
using TelemetryFlow.Benchmarks.Export;
using TelemetryFlow.Benchmarks.Web;

namespace TelemetryFlow.Benchmarks;

/// <summary>
/// Command line: <c>--quick</c> (short in-process jobs, short probes), <c>--micro-only</c> (BenchmarkDotNet only),
/// <c>--export-only</c> (throughput and shutdown only), <c>--web-only</c> (the request middleware's throughput only),
/// <c>--protocol grpc|http</c> (export runners and the middleware apps' exporters; default grpc, the SDK default),
/// <c>--no-gzip</c> (the same without compression, except where a profile sets its own; default gzip, the SDK default),
/// <c>--batch DELAY_MS/BATCH/QUEUE</c> (repeatable: search these batch profiles, held to the high-throughput target,
/// instead of the default and high-throughput ones), <c>--profile</c> (CPU-sample each micro-benchmark with EventPipe and print where its time goes),
/// <c>--web-apps bare,tf,otel</c> (the middleware benchmark's apps, default all three; one app alone is for profiling it),
/// <c>--summarize-profiles</c> (only print that summary for the speedscope files already in BenchmarkDotNet.Artifacts).
/// Everything else goes to BenchmarkDotNet (<c>--filter</c>, <c>--list</c>, <c>--job</c>, ...).
/// </summary>
internal sealed record BenchmarkOptions(bool Quick, bool Profile, bool SummarizeProfilesOnly, bool RunMicro, bool RunExport, bool RunWeb, Protocol Protocol, bool Gzip, IReadOnlyList<ThroughputProfile> ThroughputProfiles, IReadOnlyList<WebAppKind> WebApps, string[] BenchmarkArgs)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var quick = false;
        var profile = false;
        var summarizeOnly = false;
        var microOnly = false;
        var exportOnly = false;
        var webOnly = false;
        var protocol = Protocol.Grpc;
        // The SDK's default compression unless asked otherwise.
        var gzip = TelemetryConfig.DefaultCompression == ExportCompression.Gzip;
        var profiles = new List<ThroughputProfile>();
        var webApps = new List<WebAppKind>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--profile":
                    profile = true;
                    break;
                case "--summarize-profiles":
                    summarizeOnly = true;
                    break;
                case "--no-gzip":
                    gzip = false;
                    break;
                case "--gzip":
                    gzip = true;
                    break;
                case "--micro-only":
                    microOnly = true;
                    break;
                case "--export-only":
                    exportOnly = true;
                    break;
                case "--web-only":
                    webOnly = true;
                    break;
                case "--protocol" when i + 1 < args.Length:
                    protocol = args[++i].ToLowerInvariant() switch
                    {
                        "grpc" => Protocol.Grpc,
                        "http" => Protocol.HttpProtobuf,
                        var other => throw new ArgumentException($"--protocol must be grpc or http, not '{other}'."),
                    };
                    break;
                case "--web-apps" when i + 1 < args.Length:
                    webApps.AddRange(args[++i].Split(',').Select(ParseWebApp));
                    break;
                case "--batch" when i + 1 < args.Length:
                    profiles.Add(ExportThroughputRunner.CandidateProfile(ParseBatch(args[++i])));
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if ((microOnly ? 1 : 0) + (exportOnly ? 1 : 0) + (webOnly ? 1 : 0) > 1)
        {
            throw new ArgumentException("--micro-only, --export-only and --web-only exclude each other.");
        }

        // Without a filter BenchmarkDotNet asks interactively which benchmarks to run; run them all instead.
        if (!rest.Exists(a => a is "--filter" or "-f" or "--list" or "--info" or "--help" or "-h" or "--version"))
        {
            rest.AddRange(["--filter", "*"]);
        }

        if (profiles.Count == 0)
        {
            profiles.AddRange([ExportThroughputRunner.DefaultProfile, ExportThroughputRunner.HighThroughputProfile]);
        }

        var listOnly = rest.Contains("--list");
        return new BenchmarkOptions(
            quick,
            profile,
            summarizeOnly,
            RunMicro: !exportOnly && !webOnly,
            RunExport: !microOnly && !webOnly && !listOnly,
            RunWeb: !microOnly && !exportOnly && !listOnly,
            protocol,
            gzip,
            profiles,
            webApps.Count == 0 ? [WebAppKind.Bare, WebAppKind.TelemetryFlow, WebAppKind.OpenTelemetry] : [.. webApps.Distinct()],
            [.. rest]);
    }

    public ThroughputSettings Throughput => Quick
        ? new ThroughputSettings(TimeSpan.FromSeconds(1), MaxProbes: 8, Growth: 2, Precision: 0.25, WarmUpRounds: 4, Protocol, Gzip)
        : new ThroughputSettings(TimeSpan.FromSeconds(3), MaxProbes: 14, Growth: 1.5, Precision: 0.1, WarmUpRounds: 10, Protocol, Gzip);

    private static WebAppKind ParseWebApp(string name) => name.Trim().ToLowerInvariant() switch
    {
        "bare" => WebAppKind.Bare,
        "tf" or "telemetryflow" => WebAppKind.TelemetryFlow,
        "otel" or "opentelemetry" => WebAppKind.OpenTelemetry,
        var other => throw new ArgumentException($"--web-apps takes a comma-separated list of bare, tf and otel, not '{other}'."),
    };

    private static BatchSettings ParseBatch(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var delayMs)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var batch)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var queue))
        {
            throw new ArgumentException($"--batch takes DELAY_MS/BATCH/QUEUE, e.g. 100/8192/65536, not '{text}'.");
        }

        return new BatchSettings(TimeSpan.FromMilliseconds(delayMs), batch, queue);
    }

    public int ShutdownRepetitions => Quick ? 1 : 3;

    public MiddlewareSettings Middleware => Quick
        ? new MiddlewareSettings(JitWarmUpLimit: TimeSpan.FromSeconds(10), WarmUp: TimeSpan.FromSeconds(0.5), WarmUpLimit: TimeSpan.FromSeconds(3), Duration: TimeSpan.FromSeconds(2), Rounds: 3, Connections: 16, Protocol, Gzip, WebApps)
        : new MiddlewareSettings(JitWarmUpLimit: TimeSpan.FromSeconds(20), WarmUp: TimeSpan.FromSeconds(1), WarmUpLimit: TimeSpan.FromSeconds(5), Duration: TimeSpan.FromSeconds(5), Rounds: 5, Connections: 16, Protocol, Gzip, WebApps);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"quick={Quick}, profile={Profile}, micro={RunMicro}, export={RunExport}, web={RunWeb}, protocol={Protocol}, gzip={Gzip}");
}
