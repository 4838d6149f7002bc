using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Otlp.Logs.V1;
using static TelemetryFlow.Cli.Tests.Listen.FixedTelemetry;

namespace TelemetryFlow.Cli.Tests.Listen;

/// <summary>
/// The view drawn for fixed telemetry at a fixed width, compared with the expected text: nesting, bar placement and
/// scaling, durations, the error mark and message, events and logs under their span, the metrics table.
/// </summary>
public sealed class TelemetryViewGoldenTests
{
    private const int Width = 80;

    [Fact]
    public void Waterfall_FixedTrace_MatchesExpectedText()
    {
        // Spans arrive out of order, and the query twice (an exporter's retry): the view depends on neither.
        var spans = Traces(ShopTrace()).Spans.Concat(Traces(ShopTrace()[1]).Spans);
        var logs = Logs(ShopLogs()).Logs;

        var text = TelemetryView.Waterfall(spans, logs, Width);

        // Bars on 54 cells for 151 ms: the query (2-6.8 ms) covers cells 0-2, render (10-150 ms) cells 3-53, the cache
        // lookup (20-30 ms) cells 7-10; a cell is 2.8 ms, and a span fills every cell it touches.
        Assert.Equal(
            """
            trace 0af76519 · GET /db · shop · 4 spans · 2 logs · 1 error ✘ · 151 ms
            GET /db          ██████████████████████████████████████████████████████   151 ms
            ├─ SELECT orders ███                                                     4.80 ms
            │     ▸ INFO  query ran in 4.8 ms
            └─ render ✘         ███████████████████████████████████████████████████   140 ms
               │  ✘ template missing
               │  ▸ ERROR render failed
               └─ cache.get         ████                                             10.0 ms
                     ◆ cache.miss key=orders:42

            """.ReplaceLineEndings("\n"),
            text);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= Width, $"'{line}' is {line.Length} characters."));
    }

    [Fact]
    public void Waterfall_ParentNotReceived_StartsItsOwnTreeAndSaysSo()
    {
        var orphan = Span(CacheId, RenderId, "cache.get", 0, 1_500);

        var text = TelemetryView.Waterfall(Traces(orphan).Spans, width: Width);

        Assert.Equal(
            """
            trace 0af76519 · shop · 1 span · 1.50 ms · root span not received
            cache.get    ██████████████████████████████████████████████████████████  1.50 ms

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Waterfall_ParentCycleAndSelfParent_DrawsEverySpanOnceWithoutThrowing()
    {
        // What a broken exporter may send: a span naming itself as parent, and two spans naming each other.
        var self = Span(RootId, RootId, "self", 0, 100);
        var first = Span(QueryId, RenderId, "first", 10, 50);
        var second = Span(RenderId, QueryId, "second", 20, 60);

        var lines = TelemetryView.Waterfall(Traces(self, first, second).Spans, width: Width).Split('\n');

        Assert.Single(lines, l => l.StartsWith("self ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("first ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("second ", StringComparison.Ordinal));
    }

    [Fact]
    public void Waterfall_ControlCharactersFromTheWire_NeverReachTheTerminal()
    {
        var hostile = Span(RootId, parent: null, "GET /\u001b[2Jcleared\u0007\u009b", 0, 100);

        var text = TelemetryView.Waterfall(Traces(hostile).Spans, width: Width);

        Assert.DoesNotContain(text.Where(c => c != '\n'), char.IsControl);
        Assert.Contains("GET /?[2Jcleared??", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Waterfall_TwoTraces_InStartOrderSeparatedByABlankLine()
    {
        var later = Span(RootId, parent: null, "later", 500, 600, traceId: TraceId);
        var earlier = Span(QueryId, parent: null, "earlier", 0, 100, traceId: OtherTraceId);

        var lines = TelemetryView.Waterfall(Traces(later, earlier).Spans, width: 60).Split('\n');

        Assert.StartsWith($"trace {OtherTraceId[..8]} · earlier", lines[0], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[2]);
        Assert.StartsWith($"trace {TraceId[..8]} · later", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void MetricsTable_FixedStreams_ShowsLatestValuePerStream()
    {
        var first = Metrics(Counter("orders.placed", 3, ("region", "eu")), Gauge("queue.depth", 7.5));
        var second = Metrics(Counter("orders.placed", 5, ("region", "eu")), Histogram("request.duration", 2, 52.5, 12.5, 40));

        var text = TelemetryView.MetricsTable(first.Metrics.Concat(second.Metrics), Width);

        Assert.Equal(
            """
            metrics · 3 streams · shop
              metric            kind       attributes  value
              orders.placed     counter    region=eu   5 {request}
              queue.depth       gauge                  7.5
              request.duration  histogram              count=2 sum=52.5 min=12.5 max=40 ms

            """.ReplaceLineEndings("\n"),
            text);
        Assert.Equal(3, TelemetryView.CountStreams(first.Metrics.Concat(second.Metrics)));
    }

    [Fact]
    public void Logs_ShortSeverityNamesInTimeOrder()
    {
        var logs = Logs(
            Log(null, null, 2, SeverityNumber.Warn, "Warning", "disk almost full"),
            Log(null, null, 1, SeverityNumber.Info, "Information", "started")).Logs;

        Assert.Equal("▸ INFO  started\n▸ WARN  disk almost full\n", TelemetryView.Logs(logs, 60));
    }

    [Fact]
    public void Waterfall_NarrowerThanTheMinimum_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TelemetryView.Waterfall(Traces(ShopTrace()).Spans, width: TelemetryView.MinWidth - 1));
}
