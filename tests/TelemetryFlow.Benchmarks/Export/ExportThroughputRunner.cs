using TelemetryFlow.Benchmarks.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Benchmarks.Export;

/// <summary>A batch profile to search, with the rate the search starts from.</summary>
internal sealed record ThroughputProfile(string Name, BatchSettings Batch, double StartRate);

/// <summary>The outcome of one search: the best zero-drop probe (if any) and every probe made.</summary>
internal sealed record ThroughputResult(ThroughputProfile Profile, Side Side, ProbeResult? Best, IReadOnlyList<ProbeResult> Probes);

/// <summary>How the search runs: probe length, number of probes per side, and the protocol and compression of both sides.</summary>
internal sealed record ThroughputSettings(TimeSpan ProbeDuration, int MaxProbes, double Growth, double Precision, Protocol Protocol, bool Gzip);

/// <summary>
/// Finds, for each profile and each side, the highest offered rate at which every span reaches the in-process receiver.
/// Raw and SDK pipelines are built from the same configuration and probed in alternation, so load from anything else on
/// the machine falls on both alike. Each side's rate grows geometrically until a probe drops spans, then bisects
/// between its last clean rate and its first dropping one. A clean probe whose producer could not keep up ends that
/// side's search: the producing thread, not export, is then the limit, and the result says so.
/// </summary>
internal sealed class ExportThroughputRunner(OtlpReceiver receiver, ThroughputSettings settings, TextWriter log)
{
    public static readonly ThroughputProfile DefaultProfile = new("default batch settings (delay 10 s, batch 512, queue 2048)", BenchmarkProfile.Default, 50_000);

    public static readonly ThroughputProfile HighThroughputProfile = new("high-throughput profile (delay 100 ms, batch 8192, queue 65536)", BenchmarkProfile.HighThroughput, 200_000);

    public IReadOnlyList<ThroughputResult> Run(IEnumerable<ThroughputProfile> profiles) =>
        profiles.SelectMany(Search).ToList();

    private IEnumerable<ThroughputResult> Search(ThroughputProfile profile)
    {
        log.WriteLine($"  {profile.Name}:");
        var config = BenchmarkProfile.Builder(receiver.EndpointFor(settings.Protocol), settings.Protocol, profile.Batch)
            .WithTracesOnly()
            .WithCompression(settings.Gzip)
            .Build();
        var searches = new[] { new RateSearch(Side.Raw, profile.StartRate, settings), new RateSearch(Side.Sdk, profile.StartRate, settings) };
        var pipelines = searches.Select(s => SpanPipeline.Create(s.Side, config)).ToArray();
        try
        {
            // Warm-up: JIT, connection set-up and the first exports are not part of any probe.
            foreach (var pipeline in pipelines)
            {
                ThroughputProbe.Run(pipeline, receiver, profile.StartRate / 4, TimeSpan.FromMilliseconds(300));
            }

            while (searches.Any(s => !s.Done))
            {
                for (var i = 0; i < searches.Length; i++)
                {
                    if (!searches[i].Done)
                    {
                        var probe = ThroughputProbe.Run(pipelines[i], receiver, searches[i].NextRate, settings.ProbeDuration);
                        log.WriteLine($"    {searches[i].Side,-3} {probe.TargetRate,10:N0}/s target: offered {probe.OfferedRate,10:N0}/s, delivered {probe.Delivered,10:N0} of {probe.Offered,10:N0}, then {probe.DrainSeconds * 1000,5:N0} ms to drain{(probe.ProducerBound ? " (producer-bound)" : string.Empty)}");
                        log.WriteLine($"        CPU: {probe.CpuByThread}");
                        searches[i].Record(probe);
                    }
                }
            }
        }
        finally
        {
            foreach (var pipeline in pipelines)
            {
                pipeline.Dispose();
            }

            receiver.Reset();
        }

        return searches.Select(s => new ThroughputResult(profile, s.Side, s.Best, s.Probes));
    }

    /// <summary>One side's search: geometric growth until the first drop, then bisection.</summary>
    private sealed class RateSearch(Side side, double startRate, ThroughputSettings settings)
    {
        private readonly List<ProbeResult> _probes = [];
        private double? _failingRate;

        public Side Side { get; } = side;

        public double NextRate { get; private set; } = startRate;

        public ProbeResult? Best { get; private set; }

        public bool Done { get; private set; }

        public IReadOnlyList<ProbeResult> Probes => _probes;

        public void Record(ProbeResult probe)
        {
            _probes.Add(probe);
            if (probe.ZeroDrops)
            {
                if (Best is null || probe.OfferedRate > Best.OfferedRate)
                {
                    Best = probe;
                }

                if (probe.ProducerBound)
                {
                    Done = true;
                    return;
                }
            }
            else
            {
                _failingRate = Math.Min(_failingRate ?? double.MaxValue, probe.TargetRate);
            }

            if (_failingRate is null)
            {
                NextRate *= settings.Growth;
            }
            else if (Best is null)
            {
                NextRate /= settings.Growth;
            }
            else if (_failingRate.Value / Best.TargetRate <= 1 + settings.Precision)
            {
                Done = true;
            }
            else
            {
                NextRate = (Best.TargetRate + _failingRate.Value) / 2;
            }

            Done |= _probes.Count >= settings.MaxProbes;
        }
    }
}
