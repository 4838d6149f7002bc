using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// A thread-safe cache of instruments keyed by name, kind and unit, so each client call costs a lookup
/// instead of an instrument creation. Names and units are validated in full only when an instrument is
/// created: a bad name is never cached, so every call with it still throws, while a good name is not
/// rescanned on every call.
/// </summary>
/// <remarks>
/// The cache also enforces the metric stream limit (<see cref="TelemetryLimits.MaxMetricStreams"/>), on the
/// miss path only: past the limit no instrument is created and the lookup answers <see langword="null"/>,
/// which the handlers drop and count as <c>metric-limit</c>. OpenTelemetry has the same limit (the pipeline
/// sets it to the same value), but past it OpenTelemetry ignores an instrument with no trace but a
/// diagnostic event; here it is refused before OpenTelemetry preallocates anything for it. The application's
/// own meters share OpenTelemetry's budget, so once the provider runs, an instrument it did not subscribe to
/// is cached as refused too. Every refusal after the first is silent in self-diagnostics but counted.
/// </remarks>
internal sealed class MetricInstruments
{
    /// <summary>OpenTelemetry's longest instrument name.</summary>
    public const int MaxNameLength = 255;

    /// <summary>OpenTelemetry's longest instrument unit.</summary>
    public const int MaxUnitLength = 63;

    private readonly Meter _meter;
    private readonly InstrumentTable<Counter<long>> _counters;
    private readonly InstrumentTable<Gauge<double>> _gauges;
    private readonly InstrumentTable<Histogram<double>> _histograms;

    // A histogram name used with a second unit gets its own instrument, found here; null when refused.
    private readonly ConcurrentDictionary<(string Name, string? Unit), Histogram<double>?> _histogramsByUnit = new();

    private readonly Lock _creation = new();
    private int _created;
    private int _limitReported;
    private volatile bool _verifySubscription;

    public MetricInstruments(Meter meter, int maxStreams = TelemetryLimits.DefaultMaxMetricStreams)
    {
        _meter = meter;
        MaxStreams = maxStreams;
        _counters = new(this);
        _gauges = new(this);
        _histograms = new(this);
    }

    /// <summary>Instruments created (including those OpenTelemetry did not subscribe to); at most <see cref="MaxStreams"/>.</summary>
    public int Count => Volatile.Read(ref _created);

    /// <summary>The metric stream limit this cache enforces.</summary>
    public int MaxStreams { get; }

    /// <summary>Guards counters against wrapping: the running total of their large increments.</summary>
    public CounterHeadroom Headroom { get; } = new();

    /// <summary>
    /// From now on an instrument nothing subscribed to when it was created (OpenTelemetry's stream limit, taken
    /// partly by the application's own meters) is refused. Called once the meter provider runs.
    /// </summary>
    public void VerifySubscription() => _verifySubscription = true;

    /// <summary>The counter of that name, or <see langword="null"/> when the metric stream limit refuses it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Counter<long>? Counter(string name) => _counters.TryGetRecent(name, out var counter) ? counter : CounterSlow(name);

    /// <summary>The gauge of that name, or <see langword="null"/> when the metric stream limit refuses it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Gauge<double>? Gauge(string name) => _gauges.TryGetRecent(name, out var gauge) ? gauge : GaugeSlow(name);

    /// <summary>The histogram of that name and unit, or <see langword="null"/> when the metric stream limit refuses it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Histogram<double>? Histogram(string name, string? unit) =>
        _histograms.TryGetRecent(name, out var histogram) && (histogram is null || ReferenceEquals(histogram.Unit, unit))
            ? histogram
            : HistogramSlow(name, unit);

    // The misses are out of line: their delegates and state are then built only on a miss, and the hit path that is
    // inlined into every metric call stays a few instructions.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Counter<long>? CounterSlow(string name) =>
        _counters.Get(name, static (n, meter) => meter.CreateCounter<long>(ValidatedName(n)), _meter);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Gauge<double>? GaugeSlow(string name) =>
        _gauges.Get(name, static (n, meter) => meter.CreateGauge<double>(ValidatedName(n)), _meter);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Histogram<double>? HistogramSlow(string name, string? unit)
    {
        // Static lambdas with state: a lambda capturing 'unit' would allocate its closure on every call.
        var histogram = _histograms.Get(name, static (n, state) => state.Meter.CreateHistogram<double>(ValidatedName(n), ValidatedUnit(state.Unit)), (Meter: _meter, Unit: unit));
        return histogram is null || string.Equals(histogram.Unit, unit, StringComparison.Ordinal)
            ? histogram
            : HistogramWithUnit(name, unit);
    }

    private Histogram<double>? HistogramWithUnit(string name, string? unit)
    {
        if (_histogramsByUnit.TryGetValue((name, unit), out var histogram))
        {
            return histogram;
        }

        lock (_creation)
        {
            if (_histogramsByUnit.TryGetValue((name, unit), out histogram))
            {
                return histogram;
            }

            if (!TryCreate(name, static (n, state) => state.Meter.CreateHistogram<double>(n, ValidatedUnit(state.Unit)), (Meter: _meter, Unit: unit), out histogram))
            {
                return null;
            }

            _histogramsByUnit[(name, unit)] = histogram;
            return histogram;
        }
    }

    /// <summary>
    /// Creates an instrument within the stream limit; the caller holds <see cref="_creation"/>. Returns false (and
    /// caches nothing) past the limit; otherwise true, with <paramref name="instrument"/> null when OpenTelemetry
    /// did not subscribe to it (the caller caches that refusal).
    /// </summary>
    private bool TryCreate<TInstrument, TState>(string name, Func<string, TState, TInstrument> create, TState state, out TInstrument? instrument)
        where TInstrument : Instrument
    {
        if (_created >= MaxStreams)
        {
            ReportLimit(name);
            instrument = null;
            return false;
        }

        var created = create(name, state);
        Volatile.Write(ref _created, _created + 1);
        if (_verifySubscription && !created.Enabled)
        {
            ReportLimit(name);
            instrument = null;
            return true;
        }

        instrument = created;
        return true;
    }

    private void ReportLimit(string name)
    {
        if (Interlocked.Exchange(ref _limitReported, 1) == 0)
        {
            TelemetryFlowEventSource.Log.MetricStreamLimitReached(name, MaxStreams);
        }
    }

    /// <summary>
    /// OpenTelemetry's instrument name rule (an ASCII letter, then up to 254 ASCII letters, digits, <c>_ . - /</c>):
    /// OpenTelemetry ignores an instrument with any other name, so the client refuses it with the rule in the message.
    /// </summary>
    internal static string ValidatedName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A name is required; pass a non-empty name such as \"orders.placed\", not an empty or whitespace string.", nameof(name));
        }

        var control = TelemetryNames.IndexOfControlCharacter(name);
        if (control >= 0)
        {
            throw TelemetryNames.ControlCharacterError(name, control, nameof(name));
        }

        return IsValidName(name)
            ? name
            : throw new ArgumentException(
                $"The metric name \"{TelemetryNames.Escape(name)}\" ({name.Length} characters) breaks OpenTelemetry's instrument name rule, so it would never be exported: "
                + $"start with an ASCII letter, then use only ASCII letters, digits, '_', '.', '-' or '/', at most {MaxNameLength} characters in all (for example \"orders.placed\").",
                nameof(name));
    }

    /// <summary>OpenTelemetry's unit rule: at most 63 printable ASCII characters (no control characters).</summary>
    internal static string? ValidatedUnit(string? unit)
    {
        if (unit is null)
        {
            return null;
        }

        foreach (var c in unit)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException(
                    $"The unit \"{TelemetryNames.Escape(unit)}\" contains U+{(int)c:X4}; a unit is printable ASCII only (no line breaks, tabs or other control characters), at most {MaxUnitLength} characters, for example \"ms\" or \"By\".",
                    nameof(unit));
            }
        }

        return unit.Length <= MaxUnitLength
            ? unit
            : throw new ArgumentException($"The unit is {unit.Length} characters long; OpenTelemetry allows at most {MaxUnitLength}, for example \"ms\" or \"By\".", nameof(unit));
    }

    private static bool IsValidName(string name)
    {
        if (name.Length > MaxNameLength || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name.AsSpan(1))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Instruments of one kind by name: a string-keyed dictionary, with a small direct-mapped cache in
    /// front of it that matches the name string by identity.
    /// </summary>
    /// <remarks>
    /// Most names are string literals, one interned instance per name, so the cache answers with a
    /// reference comparison instead of hashing and comparing every character (measured as most of the
    /// lookup's cost on the metric hot path). The slot comes from the string's address (<see cref="StringIdentity"/>):
    /// two shifts, where five character loads with bounds checks (the slot before) were 2-3 % of a metric call, and an
    /// identity hash (<c>RuntimeHelpers.GetHashCode</c>) a call. Two names that share a slot evict each other and fall back to the
    /// dictionary. A name built at run time is a new instance on every call: it misses the cache, is never stored in
    /// it (so nothing is allocated, and the literal it equals keeps its slot), and costs the dictionary lookup as
    /// before. Entries are immutable and published by reference, so readers need no lock. An entry whose instrument
    /// is <see langword="null"/> is a name OpenTelemetry refused; names past the stream limit get no entry.
    /// </remarks>
    private sealed class InstrumentTable<TInstrument>
        where TInstrument : Instrument
    {
        private const int Slots = 128;

        private readonly MetricInstruments _owner;
        private readonly ConcurrentDictionary<string, Entry> _byName = new(StringComparer.Ordinal);
        private readonly Entry?[] _recent = new Entry?[Slots];

        public InstrumentTable(MetricInstruments owner) => _owner = owner;

        /// <summary>The cache's answer for this very string instance; false on a miss (then call <see cref="Get"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryGetRecent(string name, out TInstrument? instrument)
        {
            var entry = Volatile.Read(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_recent), SlotOf(name)));
            if (entry is not null && ReferenceEquals(entry.Name, name))
            {
                instrument = entry.Instrument;
                return true;
            }

            instrument = null;
            return false;
        }

        /// <summary>The instrument of that name, created within the stream limit on first use; the miss path.</summary>
        public TInstrument? Get<TState>(string name, Func<string, TState, TInstrument> create, TState state) =>
            TryGetRecent(name, out var instrument) ? instrument : GetSlow(name, SlotOf(name), create, state);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int SlotOf(string name) => StringIdentity.Slot(name, Slots);

        private TInstrument? GetSlow<TState>(string name, int slot, Func<string, TState, TInstrument> create, TState state)
        {
            if (!_byName.TryGetValue(name, out var entry))
            {
                // Past the limit nothing is created; the check before the lock keeps a flood of new names off it.
                if (Volatile.Read(ref _owner._created) >= _owner.MaxStreams)
                {
                    _owner.ReportLimit(name);
                    return null;
                }

                entry = Add(name, create, state);
                if (entry is null)
                {
                    return null;
                }
            }

            if (ReferenceEquals(entry.Name, name))
            {
                Volatile.Write(ref _recent[slot], entry);
            }

            return entry.Instrument;
        }

        private Entry? Add<TState>(string name, Func<string, TState, TInstrument> create, TState state)
        {
            lock (_owner._creation)
            {
                if (_byName.TryGetValue(name, out var existing))
                {
                    return existing;
                }

                if (!_owner.TryCreate(name, create, state, out var instrument))
                {
                    return null;
                }

                // The entry keeps the interned instance of the name when there is one (a literal in the app's code), so
                // that the literal's calls hit the cache even when a name built at run time created the entry.
                var entry = new Entry(string.IsInterned(name) ?? name, instrument);
                _byName[name] = entry;
                return entry;
            }
        }

        private sealed class Entry(string name, TInstrument? instrument)
        {
            public string Name { get; } = name;

            public TInstrument? Instrument { get; } = instrument;
        }
    }
}
