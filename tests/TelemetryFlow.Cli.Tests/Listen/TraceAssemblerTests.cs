using Microsoft.Extensions.Time.Testing;
using TelemetryFlow.Cli.Listen;
using TelemetryFlow.Testing.Otlp.Logs.V1;
using static TelemetryFlow.Cli.Tests.Listen.FixedTelemetry;

namespace TelemetryFlow.Cli.Tests.Listen;

/// <summary>When <c>listen</c> prints a trace whose spans and logs arrive in several batches: on fake time, no waiting.</summary>
public sealed class TraceAssemblerTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Orphan = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(ReceivedAt);

    [Fact]
    public void Trace_RootArrived_PrintedAfterTheQuietPeriodWithEverythingThatCameMeanwhile()
    {
        var assembler = new TraceAssembler(Quiet, Orphan, _time);
        var spans = ShopTrace();

        Assert.Empty(assembler.Add(Traces(spans[0], spans[1])));
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Empty(assembler.Add(Traces(spans[2], spans[3])));
        Assert.Equal(Quiet, assembler.NextDue());

        // A log of the trace arriving during the quiet period restarts it.
        _time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Empty(assembler.Add(Logs(ShopLogs())));
        Assert.Empty(assembler.TakeDue());
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(assembler.TakeDue());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var trace = Assert.Single(assembler.TakeDue()).Trace;
        Assert.Equal(TraceId, trace.TraceId);
        Assert.Equal(4, trace.Spans.Count);
        Assert.Equal(2, trace.Logs.Count);
        Assert.Null(assembler.NextDue());
    }

    [Fact]
    public void Trace_RootNeverArrives_PrintedAfterTheOrphanTimeoutFromItsFirstSpan()
    {
        var assembler = new TraceAssembler(Quiet, Orphan, _time);
        var spans = ShopTrace();
        assembler.Add(Traces(spans[0]));
        _time.Advance(TimeSpan.FromSeconds(3));
        assembler.Add(Traces(spans[3]));

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Empty(assembler.TakeDue());
        Assert.Equal(TimeSpan.FromSeconds(0.5), assembler.NextDue());

        _time.Advance(TimeSpan.FromSeconds(0.5));
        var trace = Assert.Single(assembler.TakeDue()).Trace;
        Assert.False(trace.HasRoot);
        Assert.Equal(2, trace.Spans.Count);
    }

    [Fact]
    public void Log_OfATraceAlreadyPrinted_IsPrintedAtOnceMarkedLate()
    {
        var assembler = new TraceAssembler(Quiet, Orphan, _time);
        assembler.Add(Traces(ShopTrace()));
        _time.Advance(Quiet);
        Assert.Single(assembler.TakeDue());

        var item = Assert.Single(assembler.Add(Logs(ShopLogs()[0])));

        var log = Assert.IsType<LogItem>(item);
        Assert.True(log.Late);
        Assert.Equal(0, assembler.PendingCount);
    }

    [Fact]
    public void LogWithoutTrace_AndMetrics_ArePrintedAtOnce()
    {
        var assembler = new TraceAssembler(Quiet, Orphan, _time);

        var log = Assert.IsType<LogItem>(Assert.Single(assembler.Add(Logs(Log(null, null, 1, SeverityNumber.Info, "Information", "started")))));
        var metrics = Assert.IsType<MetricsItem>(Assert.Single(assembler.Add(Metrics(Counter("orders.placed", 3), Gauge("queue.depth", 1)))));

        Assert.False(log.Late);
        Assert.Equal(["orders.placed", "queue.depth"], metrics.Streams.Select(s => s.Metric.Name));
        Assert.Null(assembler.NextDue());
    }

    [Fact]
    public void Stop_TakesEveryTraceStillWaiting_InStartOrder()
    {
        var assembler = new TraceAssembler(Quiet, Orphan, _time);
        assembler.Add(Traces(Span(RootId, parent: null, "later", 500, 600, traceId: TraceId)));
        assembler.Add(Traces(Span(QueryId, parent: null, "earlier", 0, 100, traceId: OtherTraceId)));

        Assert.Equal([OtherTraceId, TraceId], assembler.TakeAll().Select(t => t.Trace.TraceId));
        Assert.Equal(0, assembler.PendingCount);
    }
}
