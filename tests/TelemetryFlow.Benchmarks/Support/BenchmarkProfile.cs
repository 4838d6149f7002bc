using System.Diagnostics;

namespace TelemetryFlow.Benchmarks.Support;

/// <summary>
/// The one place that decides how both sides of every comparison are configured. The SDK client and the raw
/// OpenTelemetry pipeline are both built from the same <see cref="TelemetryConfig"/>, so endpoint, protocol,
/// compression, timeout, batch settings, headers and resource are identical by construction.
/// </summary>
internal static class BenchmarkProfile
{
    public const string KeyId = "tfk_bench";
    public const string KeySecret = "tfs_bench";
    public const string ServiceName = "bench";
    public const string SpanName = "bench.span";

    /// <summary>
    /// Micro-benchmarks: no timed export (10 minutes, the longest allowed) and the export thread parked on a
    /// <see cref="Blackhole"/>, so nothing runs or allocates in the background while BenchmarkDotNet measures.
    /// </summary>
    public static readonly BatchSettings Parked = new(TimeSpan.FromMinutes(10), BatchSettings.DefaultMaxExportBatchSize, BatchSettings.DefaultMaxQueueSize);

    /// <summary>The SDK defaults: 10 s delay, batches of 8192, queue of 32768.</summary>
    public static readonly BatchSettings Default = BatchSettings.Default;

    /// <summary>
    /// The documented high-throughput profile (docs/benchmarks.md): queue 65536, batches of 8192, export every 100 ms,
    /// with <see cref="HighThroughputGzip"/>.
    /// </summary>
    public static readonly BatchSettings HighThroughput = new(TimeSpan.FromMilliseconds(100), maxExportBatchSize: 8192, maxQueueSize: 65536);

    /// <summary>
    /// The high-throughput profile sends uncompressed (<c>WithCompression(false)</c>), for a collector on the same host:
    /// on 2 cores gzip costs the exporter more CPU, and the process more garbage, than the rate can spare.
    /// </summary>
    public const bool HighThroughputGzip = false;

    /// <summary>
    /// Shutdown flush: batch size equal to a queue larger than the 100,000 spans, and no timed export, so every span is
    /// still queued when shutdown starts (a batch processor exports as soon as one batch is full).
    /// </summary>
    public static readonly BatchSettings HoldAll = new(TimeSpan.FromMinutes(10), maxExportBatchSize: 131_072, maxQueueSize: 131_072);

    /// <summary>The one attribute every throughput span carries (as in the raw measurements in shared/NOTES.md).</summary>
    public static readonly KeyValuePair<string, object?>[] OneSpanTag = [new("bench.tag", "value")];

    /// <summary>A builder with the benchmark credentials and service, pointed at <paramref name="endpoint"/>.</summary>
    public static TelemetryFlowBuilder Builder(Uri endpoint, Protocol protocol, BatchSettings batch) =>
        Configure(new TelemetryFlowBuilder(), endpoint, protocol, batch);

    /// <summary>
    /// Applies the benchmark credentials, service, endpoint, protocol and batch settings to <paramref name="builder"/>:
    /// a new one, or the one <c>AddTelemetryFlow()</c> hands to its callback.
    /// </summary>
    public static TelemetryFlowBuilder Configure(TelemetryFlowBuilder builder, Uri endpoint, Protocol protocol, BatchSettings batch) =>
        builder
            .WithApiKey(KeyId, KeySecret)
            .WithService(ServiceName)
            .WithEndpoint(endpoint.ToString())
            .WithProtocol(protocol)
            .WithBatchSettings(batch.ScheduledDelay, batch.MaxExportBatchSize, batch.MaxQueueSize);

    /// <summary>The two metric attributes of the metric benchmarks, built per call on both sides as an app would.</summary>
    public static TagList TwoTags() => new() { { "region", "eu" }, { "tier", "gold" } };
}
