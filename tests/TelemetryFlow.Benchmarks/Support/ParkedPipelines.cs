namespace TelemetryFlow.Benchmarks.Support;

/// <summary>
/// Both sides of a micro-benchmark: an initialized SDK client and a raw OpenTelemetry pipeline built from the same
/// configuration, both exporting over OTLP to one <see cref="Blackhole"/>. No timed export runs (10-minute delay and
/// timeout), and once a batch is due the export thread blocks on the blackhole on both sides alike, so exporting never
/// competes with the measured thread for the machine's two cores nor adds to the allocation count.
/// </summary>
internal sealed class ParkedPipelines : IDisposable
{
    private readonly Blackhole _blackhole;

    private ParkedPipelines(Blackhole blackhole, TelemetryFlowClient client, RawOpenTelemetry raw)
    {
        _blackhole = blackhole;
        Client = client;
        Raw = raw;
    }

    public TelemetryFlowClient Client { get; }

    public RawOpenTelemetry Raw { get; }

    /// <summary>Starts both sides with only <paramref name="signals"/> enabled.</summary>
    public static ParkedPipelines Start(SignalType signals)
    {
        var blackhole = new Blackhole();
        var config = BenchmarkProfile.Builder(blackhole.Endpoint, Protocol.HttpProtobuf, BenchmarkProfile.Parked)
            .WithTimeout(TelemetryConfig.MaxExportTimeout)
            .WithSignals(
                metrics: signals.HasFlag(SignalType.Metrics),
                logs: signals.HasFlag(SignalType.Logs),
                traces: signals.HasFlag(SignalType.Traces))
            .Build();
        var client = TelemetryFlowClient.Create(config);
        client.Initialize();
        return new ParkedPipelines(blackhole, client, RawOpenTelemetry.Start(config, signals));
    }

    public void Dispose()
    {
        // Unblock the parked exports first, so neither side waits out its shutdown timeout.
        _blackhole.Dispose();
        Client.Dispose();
        Raw.Dispose();
    }
}
