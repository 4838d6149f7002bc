using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Telemetry;

public sealed class MetricInstrumentsTests : IDisposable
{
    private readonly Meter _meter = new(SampledActivitySource.UniqueName());
    private readonly MetricInstruments _instruments;

    public MetricInstrumentsTests() => _instruments = new MetricInstruments(_meter);

    [Fact]
    public void Counter_SameName_ReturnsTheSameInstance()
    {
        Assert.Same(_instruments.Counter("orders"), _instruments.Counter("orders"));
        Assert.Equal(1, _instruments.Count);
    }

    [Fact]
    public void Gauge_SameName_ReturnsTheSameInstance() =>
        Assert.Same(_instruments.Gauge("queue.depth"), _instruments.Gauge("queue.depth"));

    [Fact]
    public void Histogram_SameNameAndUnit_ReturnsTheSameInstance() =>
        Assert.Same(_instruments.Histogram("latency", "ms"), _instruments.Histogram("latency", "ms"));

    [Theory]
    [InlineData("ms", "s")]
    [InlineData("ms", null)]
    [InlineData(null, "By")]
    public void Histogram_DifferentUnit_ReturnsADifferentInstanceWithThatUnit(string? first, string? second)
    {
        var a = _instruments.Histogram("latency", first);
        var b = _instruments.Histogram("latency", second);

        Assert.NotSame(a, b);
        Assert.Equal((first, second), (a.Unit, b.Unit));
    }

    [Fact]
    public void CounterGaugeAndHistogram_SameName_AreDistinctInstruments()
    {
        Instrument counter = _instruments.Counter("work");
        Instrument gauge = _instruments.Gauge("work");
        Instrument histogram = _instruments.Histogram("work", null);

        Assert.Equal(3, new[] { counter, gauge, histogram }.Distinct().Count());
        Assert.Equal(3, _instruments.Count);
        Assert.All(new[] { counter, gauge, histogram }, i => Assert.Same(_meter, i.Meter));
    }

    [Fact]
    public void Counter_SameNameAsAnotherStringInstance_ReturnsTheSameInstance()
    {
        var literal = _instruments.Counter("orders.placed");
        var built = _instruments.Counter(string.Concat("orders.", "placed"));
        var builtAgain = _instruments.Counter(new string("orders.placed".AsSpan()));

        Assert.Same(literal, built);
        Assert.Same(literal, builtAgain);
        Assert.Same(literal, _instruments.Counter("orders.placed"));
        Assert.Equal(1, _instruments.Count);
    }

    [Fact]
    public void Counter_FirstCalledWithABuiltNameThenWithTheLiteral_ReturnsTheSameInstance()
    {
        var built = _instruments.Counter(string.Concat("first.", "built"));

        Assert.Same(built, _instruments.Counter("first.built"));
        Assert.Same(built, _instruments.Counter("first.built"));
        Assert.Equal(1, _instruments.Count);
    }

    [Fact]
    public void Counter_ManyNames_EachKeepsItsOwnInstrument()
    {
        // More names than the name cache has slots, so some share a slot and evict each other.
        var names = Enumerable.Range(0, 500).Select(i => "metric." + i).ToArray();
        var first = names.Select(_instruments.Counter).ToArray();

        var second = names.Select(_instruments.Counter).ToArray();

        Assert.Equal(first, second);
        Assert.Equal(names, second.Select(c => c.Name));
        Assert.Equal(names.Length, _instruments.Count);
    }

    [Fact]
    public void Histogram_AfterAnotherUnitWasCached_ReturnsTheInstrumentWithTheAskedUnit()
    {
        var ms = _instruments.Histogram("latency", "ms");
        var s = _instruments.Histogram("latency", "s");

        Assert.Same(ms, _instruments.Histogram("latency", "ms"));
        Assert.Same(s, _instruments.Histogram("latency", "s"));
        Assert.Equal("s", s.Unit);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("bad\nname")]
    public void Counter_InvalidName_ThrowsOnEveryCallAndCachesNothing(string name)
    {
        Assert.Throws<ArgumentException>(() => _instruments.Counter(name));
        Assert.Throws<ArgumentException>(() => _instruments.Counter(name));
        Assert.Equal(0, _instruments.Count);
    }

    [Fact]
    public void Get_FromManyThreadsAtOnce_EveryoneGetsOneInstance()
    {
        const int threads = 16;
        var seen = new ConcurrentBag<Counter<long>>();
        using var start = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            seen.Add(_instruments.Counter("contended"));
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        Assert.Equal(threads, seen.Count);
        Assert.Single(seen.Distinct());
        Assert.Equal(1, _instruments.Count);
    }

    public void Dispose() => _meter.Dispose();
}
