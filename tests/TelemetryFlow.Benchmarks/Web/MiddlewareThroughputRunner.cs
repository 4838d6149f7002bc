using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using TelemetryFlow.Benchmarks.Export;
using TelemetryFlow.Benchmarks.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Benchmarks.Web;

/// <summary>How the middleware benchmark runs.</summary>
/// <param name="JitWarmUpLimit">The longest each app is driven before the rounds, waiting for the JIT to go quiet.</param>
/// <param name="WarmUp">The shortest load before each measured round, on the same connections.</param>
/// <param name="WarmUpLimit">The longest load before each measured round, waiting for the JIT to go quiet.</param>
/// <param name="Duration">The measured time of a round.</param>
/// <param name="Rounds">Rounds per app.</param>
/// <param name="Connections">Concurrent keep-alive connections (one worker each).</param>
/// <param name="Protocol">How the TelemetryFlow and OpenTelemetry apps export.</param>
/// <param name="Gzip">Whether they compress.</param>
internal sealed record MiddlewareSettings(TimeSpan JitWarmUpLimit, TimeSpan WarmUp, TimeSpan WarmUpLimit, TimeSpan Duration, int Rounds, int Connections, Protocol Protocol, bool Gzip, IReadOnlyList<WebAppKind> Apps);

/// <summary>What reached the sink from one TelemetryFlow or OpenTelemetry round, against the requests the app served.</summary>
/// <param name="Served">Successful responses in the round, warm-up included.</param>
/// <param name="Spans">Spans named <see cref="MinimalApp.SpanName"/> that reached the sink.</param>
/// <param name="OtherSpans">Any other span (none expected: the load loop is not traced, nor is the sink).</param>
/// <param name="CountedRequests">
/// The final value of the middleware's <c>http.server.requests</c> counter; null when none arrived: for the OpenTelemetry
/// app, which has no such counter (ASP.NET Core's own metrics count requests with the duration histogram only), and for
/// the TelemetryFlow app with the middleware's default options (the counter is off; the histogram counts requests).
/// </param>
/// <param name="RecordedDurations">
/// The final count of the <c>http.server.request.duration</c> histogram: the middleware's, or for the OpenTelemetry
/// app ASP.NET Core's own (its <c>Microsoft.AspNetCore.Hosting</c> meter), which has the same name.
/// </param>
internal sealed record DeliveredTelemetry(long Served, long Spans, long OtherSpans, long? CountedRequests, long RecordedDurations)
{
    public bool Complete => Spans == Served && OtherSpans == 0 && (CountedRequests is null || CountedRequests == Served) && RecordedDurations == Served;

    /// <summary>
    /// Whether anything arrived at all: spans, and metrics that count requests (the counter where the app has one, else
    /// the histogram).
    /// </summary>
    public bool Arrived => Spans > 0 && (CountedRequests ?? RecordedDurations) > 0;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"spans {Spans:N0}{(OtherSpans > 0 ? $" (+{OtherSpans:N0} unexpected)" : string.Empty)}, {(CountedRequests is { } counted ? $"http.server.requests {counted:N0}, " : string.Empty)}http.server.request.duration count {RecordedDurations:N0}, of {Served:N0} served");
}

/// <summary>One round of one app.</summary>
internal sealed record MiddlewareRound(WebAppKind App, int Round, WarmUp WarmUp, LoadResult Load, double CpuMicrosecondsPerRequest, string CpuByThread, long MethodsJitted, DeliveredTelemetry? Telemetry);

/// <summary>Every round of the three apps.</summary>
internal sealed record MiddlewareResult(MiddlewareSettings Settings, IReadOnlyList<MiddlewareRound> Rounds)
{
    /// <summary>The median requests/s of <paramref name="app"/>'s rounds, or null when it has none.</summary>
    public double? MedianRate(WebAppKind app) => Median(app, r => r.Load.RequestsPerSecond);

    /// <summary>The median process CPU per request of <paramref name="app"/>'s rounds, in microseconds.</summary>
    public double? MedianCpuMicroseconds(WebAppKind app) => Median(app, r => r.CpuMicrosecondsPerRequest);

    private double? Median(WebAppKind app, Func<MiddlewareRound, double> value)
    {
        var values = Rounds.Where(r => r.App == app).Select(value).Order().ToList();
        return values.Count == 0 ? null : values[values.Count / 2];
    }
}

/// <summary>
/// Requests per second of a minimal endpoint on loopback, in the same run: bare, with <c>UseTelemetryFlow()</c>, and
/// with stock OpenTelemetry ASP.NET Core instrumentation (the fair floor: what tracing every request costs without the
/// SDK). Each app is first driven until the JIT is quiet. Then rounds alternate bare, TelemetryFlow and OpenTelemetry,
/// so load from anything else on the machine falls on all three alike; the result is the median of each app's rounds.
/// Each round starts its app on a fresh port, warms it up briefly, measures, and stops it.
/// </summary>
/// <remarks>
/// <para>
/// Only one app runs at a time. The SDK's tracer provider subscribes to ASP.NET Core's <c>Microsoft.AspNetCore</c>
/// activity source by name, so while a TelemetryFlow app is running every other host in the process (the bare app
/// included) creates and samples a request activity too, which would charge part of the middleware's cost to the bare
/// side. (The SDK exports only its own host's spans, but the activities are created.) OpenTelemetry's instrumentation
/// subscribes by name as well, to the activities and to ASP.NET Core's meters, and exports what every host records.
/// The sink is the one other host, and it hides from both (see <see cref="OtlpSink"/>).
/// </para>
/// <para>
/// The TelemetryFlow app exports, with the SDK's default batch settings, to an <see cref="OtlpSink"/>, and so does the
/// OpenTelemetry app, with the same settings: it answers like a collector and keeps the request bodies, and they are
/// decoded after each round to check that every request produced its span and was counted by the metrics (the
/// middleware's, or ASP.NET Core's own for the OpenTelemetry app). Not to <see cref="OtlpReceiver"/>: it decodes every span into
/// objects and keeps them, on the same 2 cores, which here doubled the measured cost of the TelemetryFlow side (in quick
/// runs on this busy machine, about 35 µs of process CPU per request more than bare, against about 17 µs with the
/// blackhole and 11-19 µs with the sink). Not to the
/// <see cref="Blackhole"/> either: the exporter would hang until its timeout and every span after the first 2,048 would
/// be dropped at the queue, so the app would skip the serialization and compression it pays against a real collector,
/// and nothing could be checked.
/// </para>
/// <para>
/// The load loop runs in this process as well, so its own CPU (HttpClient) is part of every request on every side,
/// which brings the ratio closer to 1 than a leaner client such as <c>wrk</c> would. The log line of each round gives
/// the CPU of the whole process per request, which shows the middleware's cost in absolute terms.
/// </para>
/// </remarks>
internal sealed class MiddlewareThroughputRunner(MiddlewareSettings settings, TextWriter log)
{
    private const string RequestsCounter = "http.server.requests";
    private const string DurationHistogram = "http.server.request.duration";

    /// <summary>A JIT warm-up slice that compiles at most this many methods counts as quiet.</summary>
    internal const int QuietJitMethods = 20;

    private static readonly TimeSpan JitSlice = TimeSpan.FromMilliseconds(500);

    private OtlpSink? _sink;

    private OtlpSink Sink => _sink ?? throw new InvalidOperationException("The sink starts with RunAsync.");

    public async Task<MiddlewareResult> RunAsync(CancellationToken cancellationToken = default)
    {
        _sink = await OtlpSink.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var sink = _sink.ConfigureAwait(false);
        foreach (var app in settings.Apps)
        {
            await WarmUpJitAsync(app, cancellationToken).ConfigureAwait(false);
        }

        var rounds = new List<MiddlewareRound>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var app in settings.Apps)
            {
                var result = await RunRoundAsync(app, round, cancellationToken).ConfigureAwait(false);
                log.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"    {Label(app),-4} round {round}: {result.Load.RequestsPerSecond,8:N0} requests/s ({result.Load.InWindow:N0} in {result.Load.Window.TotalSeconds:0.#} s{(result.Load.Failed > 0 ? $", {result.Load.Failed:N0} FAILED" : string.Empty)}), process CPU {result.CpuMicrosecondsPerRequest:N1} µs/request, {result.MethodsJitted:N0} methods jitted"));
                log.WriteLine($"        warm-up {result.WarmUp}; CPU in the window: {result.CpuByThread}");
                if (result.Telemetry is { } telemetry)
                {
                    log.WriteLine($"        delivered: {telemetry}{(telemetry.Complete ? string.Empty : "  <-- INCOMPLETE")}");
                }

                rounds.Add(result);
            }
        }

        return new MiddlewareResult(settings, rounds);
    }

    /// <summary>
    /// Tiering promotes methods on a background thread, which on a busy 2-core machine took several seconds of load:
    /// with a fixed one-second warm-up the first rounds still compiled over a thousand methods while being measured, and
    /// served half the requests/s of the last. So each app is first driven until the JIT is quiet. Each round's app is
    /// new, but the code it runs stays compiled in this process.
    /// </summary>
    private async Task WarmUpJitAsync(WebAppKind kind, CancellationToken cancellationToken)
    {
        Reset();
        WarmUp warmUp;
        var app = await MinimalApp.StartAsync(kind, ConfigureTelemetry, cancellationToken).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            using var load = new LoadLoop(app.Url, settings.Connections);
            warmUp = await WarmUpAsync(load, TimeSpan.Zero, settings.JitWarmUpLimit, cancellationToken).ConfigureAwait(false);
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {Label(kind),-4} JIT warm-up: {warmUp}"));
    }

    private async Task<MiddlewareRound> RunRoundAsync(WebAppKind kind, int round, CancellationToken cancellationToken)
    {
        Reset();
        WarmUp warmUp;
        LoadResult measured;
        TimeSpan cpu;
        long jitted;
        string cpuByThread;
        var app = await MinimalApp.StartAsync(kind, ConfigureTelemetry, cancellationToken).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            using var load = new LoadLoop(app.Url, settings.Connections);

            // On the same connections: this app's own first requests (its host compiles some code of its own), its
            // pools, the exporter's first connection.
            warmUp = await WarmUpAsync(load, settings.WarmUp, settings.WarmUpLimit, cancellationToken).ConfigureAwait(false);
            var threadsBefore = ThreadCpu.Snapshot();
            var jitBefore = JitInfo.GetCompiledMethodCount();
            var cpuBefore = Environment.CpuUsage.TotalTime;
            measured = await load.RunAsync(settings.Duration, cancellationToken).ConfigureAwait(false);
            cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            jitted = JitInfo.GetCompiledMethodCount() - jitBefore;
            cpuByThread = ThreadCpu.Snapshot().Since(threadsBefore, producerThreadId: -1);
            await app.StopAsync().ConfigureAwait(false);
        }

        var telemetry = kind == WebAppKind.Bare ? null : Delivered(kind, warmUp.Served + measured.Completed);
        var cpuPerRequest = measured.Completed == 0 ? 0 : cpu.TotalMicroseconds / measured.Completed;
        return new MiddlewareRound(kind, round, warmUp, measured, cpuPerRequest, cpuByThread, jitted, telemetry);
    }

    /// <summary>
    /// Drives the app in slices of <see cref="JitSlice"/> until a slice compiles at most <see cref="QuietJitMethods"/>
    /// methods, for at least <paramref name="minimum"/> and at most <paramref name="limit"/>.
    /// </summary>
    private static async Task<WarmUp> WarmUpAsync(LoadLoop load, TimeSpan minimum, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        long served = 0;
        long jitted;
        do
        {
            var before = JitInfo.GetCompiledMethodCount();
            served += (await load.RunAsync(JitSlice, cancellationToken).ConfigureAwait(false)).Completed;
            jitted = JitInfo.GetCompiledMethodCount() - before;
        }
        while ((jitted > QuietJitMethods || Stopwatch.GetElapsedTime(start) < minimum) && Stopwatch.GetElapsedTime(start) < limit);
        return new WarmUp(Stopwatch.GetElapsedTime(start), served, jitted);
    }

    private static string Label(WebAppKind kind) => kind switch
    {
        WebAppKind.Bare => "bare",
        WebAppKind.TelemetryFlow => "TF",
        _ => "OTel",
    };

    private void ConfigureTelemetry(TelemetryFlowBuilder telemetry) =>
        BenchmarkProfile.Configure(telemetry, Sink.EndpointFor(settings.Protocol), settings.Protocol, BenchmarkProfile.Default)
            .WithCompression(settings.Gzip);

    /// <summary>An empty sink and a collected heap, so one round's garbage does not weigh on the next.</summary>
    private void Reset()
    {
        Sink.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// Read after the app stopped and was disposed, when its client (TelemetryFlow) or its providers (OpenTelemetry) have
    /// flushed everything.
    /// </summary>
    private DeliveredTelemetry Delivered(WebAppKind kind, long served)
    {
        var contents = Sink.Decode();
        var serverSpans = contents.SpansByName.GetValueOrDefault(MinimalApp.SpanName);
        return new DeliveredTelemetry(
            served,
            serverSpans,
            contents.SpansByName.Values.Sum() - serverSpans,
            kind == WebAppKind.TelemetryFlow && contents.LastIntSums.TryGetValue(RequestsCounter, out var counted) ? counted : null,
            contents.LastHistogramCounts.GetValueOrDefault(DurationHistogram));
    }
}

/// <summary>A warm-up: how long it took, the requests it served, and what its last slice compiled.</summary>
internal readonly record struct WarmUp(TimeSpan Elapsed, long Served, long LastSliceJitted)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Elapsed.TotalSeconds:0.0} s, {Served:N0} requests, last slice compiled {LastSliceJitted} methods{(LastSliceJitted > MiddlewareThroughputRunner.QuietJitMethods ? " (time limit: the JIT was still busy)" : string.Empty)}");
}
