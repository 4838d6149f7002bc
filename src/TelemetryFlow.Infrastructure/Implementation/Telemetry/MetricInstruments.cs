using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using TelemetryFlow.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// A thread-safe cache of instruments keyed by name, kind and unit, so each client call costs a lookup
/// instead of an instrument creation. Names are validated in full (whitespace, control characters) only
/// when an instrument is created: a bad name is never cached, so every call with it still throws, while
/// a good name is not rescanned on every call.
/// </summary>
internal sealed class MetricInstruments
{
    private readonly Meter _meter;
    private readonly InstrumentTable<Counter<long>> _counters = new();
    private readonly InstrumentTable<Gauge<double>> _gauges = new();
    private readonly InstrumentTable<Histogram<double>> _histograms = new();

    // A histogram name used with a second unit gets its own instrument, found here.
    private readonly ConcurrentDictionary<(string Name, string? Unit), Histogram<double>> _histogramsByUnit = new();

    public MetricInstruments(Meter meter) => _meter = meter;

    public int Count => _counters.Count + _gauges.Count + _histograms.Count + _histogramsByUnit.Count;

    public Counter<long> Counter(string name) =>
        _counters.Get(name, static (n, meter) => meter.CreateCounter<long>(Validated(n)), _meter);

    public Gauge<double> Gauge(string name) =>
        _gauges.Get(name, static (n, meter) => meter.CreateGauge<double>(Validated(n)), _meter);

    public Histogram<double> Histogram(string name, string? unit)
    {
        // Static lambdas with state: a lambda capturing 'unit' would allocate its closure on every call.
        var histogram = _histograms.Get(name, static (n, state) => state.Meter.CreateHistogram<double>(Validated(n), state.Unit), (Meter: _meter, Unit: unit));
        return string.Equals(histogram.Unit, unit, StringComparison.Ordinal)
            ? histogram
            : _histogramsByUnit.GetOrAdd((name, unit), static (key, meter) => meter.CreateHistogram<double>(key.Name, key.Unit), _meter);
    }

    private static string Validated(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A name is required; pass a non-empty name such as \"orders.placed\", not an empty or whitespace string.", nameof(name));
        }

        var control = TelemetryNames.IndexOfControlCharacter(name);
        return control < 0 ? name : throw TelemetryNames.ControlCharacterError(name, control, nameof(name));
    }

    /// <summary>
    /// Instruments of one kind by name: a string-keyed dictionary, with a small direct-mapped cache in
    /// front of it that matches the name string by identity.
    /// </summary>
    /// <remarks>
    /// Most names are string literals, one interned instance per name, so the cache answers with a
    /// reference comparison instead of hashing and comparing every character (measured as most of the
    /// lookup's cost on the metric hot path). The slot comes from the name's length and five of its
    /// characters: a few inlined loads, where an identity hash (<c>RuntimeHelpers.GetHashCode</c>) was a
    /// call. Two names that share a slot evict each other and fall back to the dictionary. A name built at
    /// run time is a new instance on every call: it misses the cache, is never stored in it (so nothing is
    /// allocated, and the literal it equals keeps its slot), and costs the dictionary lookup as before.
    /// Entries are immutable and published by reference, so readers need no lock.
    /// </remarks>
    private sealed class InstrumentTable<TInstrument>
        where TInstrument : Instrument
    {
        private const int Slots = 128;

        private readonly ConcurrentDictionary<string, Entry> _byName = new(StringComparer.Ordinal);
        private readonly Entry?[] _recent = new Entry?[Slots];

        public int Count => _byName.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TInstrument Get<TState>(string name, Func<string, TState, TInstrument> create, TState state)
        {
            var slot = SlotOf(name);
            var entry = Volatile.Read(ref _recent[slot]);
            return entry is not null && ReferenceEquals(entry.Name, name) ? entry.Instrument : GetSlow(name, slot, create, state);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int SlotOf(string name)
        {
            var length = name.Length;
            if (length == 0)
            {
                return 0;
            }

            // Five characters, so that names differing in one segment ("svc1.requests", "svc2.requests") or in the
            // last word ("app.requests.get", "app.requests.put") usually land in different slots.
            var mix = (length * 31) + (name[0] * 7) + (name[length >> 2] * 131) + (name[length >> 1] * 13)
                + (name[Math.Max(0, length - 2)] * 17) + name[length - 1];
            return (mix ^ (mix >> 7)) & (Slots - 1);
        }

        private TInstrument GetSlow<TState>(string name, int slot, Func<string, TState, TInstrument> create, TState state)
        {
            if (!_byName.TryGetValue(name, out var entry))
            {
                // The entry keeps the interned instance of the name when there is one (a literal in the app's code), so
                // that the literal's calls hit the cache even when a name built at run time created the entry.
                entry = _byName.GetOrAdd(name, static (n, args) => new Entry(string.IsInterned(n) ?? n, args.Create(n, args.State)), (Create: create, State: state));
            }

            if (ReferenceEquals(entry.Name, name))
            {
                Volatile.Write(ref _recent[slot], entry);
            }

            return entry.Instrument;
        }

        private sealed class Entry(string name, TInstrument instrument)
        {
            public string Name { get; } = name;

            public TInstrument Instrument { get; } = instrument;
        }
    }
}
