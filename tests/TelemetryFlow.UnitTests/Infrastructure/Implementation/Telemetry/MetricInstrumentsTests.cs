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
        Assert.Equal((first, second), (a!.Unit, b!.Unit));
    }

    [Fact]
    public void CounterGaugeAndHistogram_SameName_AreDistinctInstruments()
    {
        Instrument counter = _instruments.Counter("work")!;
        Instrument gauge = _instruments.Gauge("work")!;
        Instrument histogram = _instruments.Histogram("work", null)!;

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
        Assert.Equal(names, second.Select(c => c!.Name));
        Assert.Equal(names.Length, _instruments.Count);
    }

    [Fact]
    public void Histogram_AfterAnotherUnitWasCached_ReturnsTheInstrumentWithTheAskedUnit()
    {
        var ms = _instruments.Histogram("latency", "ms");
        var s = _instruments.Histogram("latency", "s");

        Assert.Same(ms, _instruments.Histogram("latency", "ms"));
        Assert.Same(s, _instruments.Histogram("latency", "s"));
        Assert.Equal("s", s!.Unit);
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
            seen.Add(_instruments.Counter("contended")!);
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        Assert.Equal(threads, seen.Count);
        Assert.Single(seen.Distinct());
        Assert.Equal(1, _instruments.Count);
    }

    [Theory]
    [InlineData("1orders")]
    [InlineData("_orders")]
    [InlineData("orders placed")]
    [InlineData("orders:placed")]
    [InlineData("bestellungen.gezählt")]
    public void Counter_NameBreakingTheOpenTelemetryRule_ThrowsNamingTheRule(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => _instruments.Counter(name));

        Assert.Contains("start with an ASCII letter", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _instruments.Count);
    }

    [Fact]
    public void Counter_NameOf255Characters_IsAcceptedAnd256IsRefused()
    {
        Assert.NotNull(_instruments.Counter("a" + new string('b', 254)));

        var error = Assert.Throws<ArgumentException>(() => _instruments.Counter("a" + new string('b', 255)));
        Assert.Contains("256 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 255", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b.c-d_e9")]
    [InlineData("Orders.Placed")]
    public void Counter_NameWithEveryAllowedCharacter_IsAccepted(string name) =>
        Assert.Equal(name, _instruments.Counter(name)!.Name);

    [Theory]
    [InlineData("ms\r\n")]
    [InlineData("m\ts")]
    [InlineData("µs")]
    public void Histogram_UnitWithAControlOrNonAsciiCharacter_Throws(string escaped)
    {
        var unit = System.Text.RegularExpressions.Regex.Unescape(escaped);

        var error = Assert.Throws<ArgumentException>(() => _instruments.Histogram("latency", unit));

        Assert.Equal("unit", error.ParamName);
        Assert.Equal(0, _instruments.Count);
    }

    [Fact]
    public void Histogram_UnitWithAControlCharacterAfterAnotherUnit_Throws()
    {
        _instruments.Histogram("latency", "ms");

        Assert.Throws<ArgumentException>(() => _instruments.Histogram("latency", "s\n"));
        Assert.Equal(1, _instruments.Count);
    }

    [Fact]
    public void Histogram_UnitLongerThan63Characters_Throws()
    {
        Assert.NotNull(_instruments.Histogram("sized", new string('u', 63)));

        Assert.Throws<ArgumentException>(() => _instruments.Histogram("oversized", new string('u', 64)));
    }

    [Fact]
    public void Get_BeyondTheStreamLimit_ReturnsNullAndCreatesNothing()
    {
        var instruments = new MetricInstruments(_meter, maxStreams: 3);

        Assert.NotNull(instruments.Counter("a1"));
        Assert.NotNull(instruments.Gauge("a2"));
        Assert.NotNull(instruments.Histogram("a3", "ms"));

        Assert.Null(instruments.Counter("a4"));
        Assert.Null(instruments.Gauge("a5"));
        Assert.Null(instruments.Histogram("a6", null));
        Assert.Null(instruments.Histogram("a3", "s"));
        Assert.Equal(3, instruments.Count);

        // Names created within the limit keep working.
        Assert.NotNull(instruments.Counter("a1"));
        Assert.NotNull(instruments.Histogram("a3", "ms"));
    }

    [Fact]
    public void Get_AfterVerifySubscription_AnInstrumentNobodySubscribedIsRefusedAndCachedAsRefused()
    {
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == _meter && instrument.Name != "ignored")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.Start();
        _instruments.VerifySubscription();

        Assert.NotNull(_instruments.Counter("subscribed"));
        Assert.Null(_instruments.Counter("ignored"));
        Assert.Null(_instruments.Counter("ignored"));
        Assert.Equal(2, _instruments.Count);
    }

    public void Dispose() => _meter.Dispose();
}
