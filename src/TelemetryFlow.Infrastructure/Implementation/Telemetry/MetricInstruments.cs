using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// A thread-safe cache of instruments keyed by name, kind and unit, so each client call costs one
/// dictionary lookup instead of an instrument creation.
/// </summary>
internal sealed class MetricInstruments
{
    private readonly Meter _meter;
    private readonly ConcurrentDictionary<InstrumentKey, Instrument> _instruments = new();
    private readonly Func<InstrumentKey, Instrument> _create;

    public MetricInstruments(Meter meter)
    {
        _meter = meter;
        _create = Create;
    }

    public int Count => _instruments.Count;

    public Counter<long> Counter(string name) => (Counter<long>)Get(new InstrumentKey(name, InstrumentKind.Counter, null));

    public Gauge<double> Gauge(string name) => (Gauge<double>)Get(new InstrumentKey(name, InstrumentKind.Gauge, null));

    public Histogram<double> Histogram(string name, string? unit) => (Histogram<double>)Get(new InstrumentKey(name, InstrumentKind.Histogram, unit));

    private Instrument Get(InstrumentKey key) =>
        _instruments.TryGetValue(key, out var instrument) ? instrument : _instruments.GetOrAdd(key, _create);

    private Instrument Create(InstrumentKey key) => key.Kind switch
    {
        InstrumentKind.Counter => _meter.CreateCounter<long>(key.Name, key.Unit),
        InstrumentKind.Gauge => _meter.CreateGauge<double>(key.Name, key.Unit),
        _ => _meter.CreateHistogram<double>(key.Name, key.Unit),
    };

    private enum InstrumentKind
    {
        Counter,
        Gauge,
        Histogram,
    }

    private readonly record struct InstrumentKey(string Name, InstrumentKind Kind, string? Unit);
}
