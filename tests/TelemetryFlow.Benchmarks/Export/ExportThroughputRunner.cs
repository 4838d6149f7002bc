using System.Diagnostics;
using System.Runtime;
using TelemetryFlow.Benchmarks.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Benchmarks.Export;

/// <summary>
/// A batch profile to search, with its compression (<see langword="null"/>: as the command line says), the rate the
/// search starts from, and whether it is held to the high-throughput target
/// (<see cref="Reporting.Targets.HighThroughputSpansPerSecond"/>).
/// </summary>
internal sealed record ThroughputProfile(string Name, BatchSettings Batch, bool? Gzip, double StartRate, bool HasRateTarget)
{
    /// <summary>The name, and the compression when the command line chose it.</summary>
    public string Label(bool gzip) => Gzip is null ? $"{Name}, {(gzip ? "gzip" : "no compression")}" : Name;
}

/// <summary>The outcome of one search: the compression used, the best zero-drop probe (if any) and every probe made.</summary>
internal sealed record ThroughputResult(ThroughputProfile Profile, bool Gzip, Side Side, ProbeResult? Best, IReadOnlyList<ProbeResult> Probes);

/// <summary>
/// How the search runs: probe length, number of probes per side (repeated probes included), growth and precision of
/// the rate, the most warm-up rounds, and the protocol of both sides and their compression where a profile does not
/// set it.
/// </summary>
internal sealed record ThroughputSettings(TimeSpan ProbeDuration, int MaxProbes, double Growth, double Precision, int WarmUpRounds, Protocol Protocol, bool Gzip);

/// <summary>
/// Finds, for each profile and each side, the highest offered rate at which every span reaches the in-process receiver.
/// Raw and SDK pipelines are built from the same configuration and probed in alternation, so load from anything else on
/// the machine falls on both alike. Each side's rate grows geometrically until a probe drops spans, then bisects
/// between its last clean rate and its first dropping one. A clean probe whose producer could not keep up ends that
/// side's search: the producing thread, not export, is then the limit, and the result says so. Either verdict, a
/// dropping rate or a bound producer, needs a second probe at the same rate to agree: load from elsewhere only ever
/// slows the process down (one full collection of 0.8 s was seen to starve the producer of a 3-second probe), so a
/// clean probe at its target is proof and a single bad one is not.
/// </summary>
internal sealed class ExportThroughputRunner(OtlpReceiver receiver, ThroughputSettings settings, TextWriter log)
{
    public static readonly ThroughputProfile DefaultProfile = new($"default batch settings ({Describe(BenchmarkProfile.Default)})", BenchmarkProfile.Default, Gzip: null, 50_000, HasRateTarget: false);

    public static readonly ThroughputProfile HighThroughputProfile = new(
        $"high-throughput profile ({Describe(BenchmarkProfile.HighThroughput)}, {(BenchmarkProfile.HighThroughputGzip ? "gzip" : "no compression")})",
        BenchmarkProfile.HighThroughput,
        BenchmarkProfile.HighThroughputGzip,
        200_000,
        HasRateTarget: true);

    /// <summary>A candidate for the high-throughput profile, from the command line.</summary>
    public static ThroughputProfile CandidateProfile(BatchSettings batch) => new($"candidate profile ({Describe(batch)})", batch, Gzip: null, 200_000, HasRateTarget: true);

    public IReadOnlyList<ThroughputResult> Run(IEnumerable<ThroughputProfile> profiles) =>
        profiles.SelectMany(Search).ToList();

    private IEnumerable<ThroughputResult> Search(ThroughputProfile profile)
    {
        var gzip = profile.Gzip ?? settings.Gzip;
        log.WriteLine($"  {profile.Label(gzip)}:");
        var config = BenchmarkProfile.Builder(receiver.EndpointFor(settings.Protocol), settings.Protocol, profile.Batch)
            .WithTracesOnly()
            .WithCompression(gzip)
            .Build();
        var searches = new[] { new RateSearch(Side.Raw, profile.StartRate, settings), new RateSearch(Side.Sdk, profile.StartRate, settings) };
        var pipelines = searches.Select(s => SpanPipeline.Create(s.Side, config)).ToArray();
        try
        {
            foreach (var pipeline in pipelines)
            {
                WarmUp(pipeline, profile);
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
                        log.WriteLine($"        GC: {probe.Gc}");
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

        return searches.Select(s => new ThroughputResult(profile, gzip, s.Side, s.Best, s.Probes));
    }

    /// <summary>
    /// JIT, connection set-up and the first exports are not part of any probe. Tiered compilation recompiles the hot
    /// methods (thousands, with Kestrel and the HTTP/2 client in the process) for several seconds after they first run,
    /// on a background thread that took most of a core through the first probes and made them drop at rates that
    /// later probes sustained. So warm-up repeats short load rounds, each followed by a pause in which the backlog is
    /// compiled, until a round compiles next to nothing (or <see cref="ThroughputSettings.WarmUpRounds"/> ran).
    /// </summary>
    private void WarmUp(SpanPipeline pipeline, ThroughputProfile profile)
    {
        const long SettledMethods = 50;
        var round = TimeSpan.FromMilliseconds(500);
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        long compiled;
        do
        {
            var before = JitInfo.GetCompiledMethodCount();
            ThroughputProbe.Run(pipeline, receiver, profile.StartRate, round);
            WaitUntilJitIsIdle();
            compiled = JitInfo.GetCompiledMethodCount() - before;
            rounds++;
        }
        while (compiled > SettledMethods && rounds < settings.WarmUpRounds);

        log.WriteLine($"    {pipeline.Side,-3} warm-up: {rounds} round(s) in {clock.Elapsed.TotalSeconds:0.0} s; the last compiled {compiled} method(s)");
    }

    /// <summary>Waits (at most 3 s) until no method was compiled for a while, that is, the tier-up backlog is done.</summary>
    private static void WaitUntilJitIsIdle()
    {
        var quiet = TimeSpan.FromMilliseconds(150);
        var clock = Stopwatch.StartNew();
        var last = JitInfo.GetCompiledMethodCount();
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            // The condition is itself a window of time (no method compiled for 150 ms), and the runtime signals no
            // "JIT idle" event to wait on instead, so each check waits out one window and the loop is bounded at 3 s.
            Thread.Sleep(quiet);
            var now = JitInfo.GetCompiledMethodCount();
            if (now == last)
            {
                return;
            }

            last = now;
        }
    }

    private static string Describe(BatchSettings batch) => batch.ScheduledDelay < TimeSpan.FromSeconds(1)
        ? Reporting.Format.Invariantly($"delay {batch.ScheduledDelay.TotalMilliseconds:0} ms, batch {batch.MaxExportBatchSize}, queue {batch.MaxQueueSize}")
        : Reporting.Format.Invariantly($"delay {batch.ScheduledDelay.TotalSeconds:0.#} s, batch {batch.MaxExportBatchSize}, queue {batch.MaxQueueSize}");

    /// <summary>One side's search: geometric growth until the first drop, then bisection.</summary>
    private sealed class RateSearch(Side side, double startRate, ThroughputSettings settings)
    {
        private readonly List<ProbeResult> _probes = [];
        private double? _cleanRate;
        private double? _failingRate;
        private double? _repeatedRate;

        public Side Side { get; } = side;

        public double NextRate { get; private set; } = startRate;

        public ProbeResult? Best { get; private set; }

        public bool Done { get; private set; }

        public IReadOnlyList<ProbeResult> Probes => _probes;

        public void Record(ProbeResult probe)
        {
            _probes.Add(probe);
            if (probe.ZeroDrops && (Best is null || probe.OfferedRate > Best.OfferedRate))
            {
                // A clean probe proves the rate it offered, whatever the verdict on its target.
                Best = probe;
            }

            var cleanAtTarget = probe.ZeroDrops && !probe.ProducerBound;
            if (!cleanAtTarget && _repeatedRate != probe.TargetRate)
            {
                // Probe this rate once more before calling it dropping, or the producer the limit.
                _repeatedRate = probe.TargetRate;
            }
            else if (probe.ZeroDrops && probe.ProducerBound)
            {
                Done = true;
            }
            else
            {
                if (cleanAtTarget)
                {
                    _cleanRate = Math.Max(_cleanRate ?? 0, probe.TargetRate);
                }
                else
                {
                    _failingRate = Math.Min(_failingRate ?? double.MaxValue, probe.TargetRate);
                }

                if (_failingRate is null)
                {
                    NextRate *= settings.Growth;
                }
                else if (_cleanRate is null)
                {
                    NextRate /= settings.Growth;
                }
                else if (_failingRate.Value / _cleanRate.Value <= 1 + settings.Precision)
                {
                    Done = true;
                }
                else
                {
                    NextRate = (_cleanRate.Value + _failingRate.Value) / 2;
                }
            }

            Done |= _probes.Count >= settings.MaxProbes;
        }
    }
}
