using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// A thread-safe cache of instruments keyed by name, kind and unit, so each client call costs one
/// string-keyed lookup instead of an instrument creation. Names are validated in full (whitespace,
/// control characters) only when an instrument is created: a bad name is never cached, so every call
/// with it still throws, while a good name is not rescanned on every call.
/// </summary>
internal sealed class MetricInstruments
{
    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, Counter<long>> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Gauge<double>> _gauges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram<double>> _histograms = new(StringComparer.Ordinal);

    // A histogram name used with a second unit gets its own instrument, found here.
    private readonly ConcurrentDictionary<(string Name, string? Unit), Histogram<double>> _histogramsByUnit = new();

    public MetricInstruments(Meter meter) => _meter = meter;

    public int Count => _counters.Count + _gauges.Count + _histograms.Count + _histogramsByUnit.Count;

    public Counter<long> Counter(string name) =>
        _counters.TryGetValue(name, out var counter) ? counter : _counters.GetOrAdd(name, static (n, meter) => meter.CreateCounter<long>(Validated(n)), _meter);

    public Gauge<double> Gauge(string name) =>
        _gauges.TryGetValue(name, out var gauge) ? gauge : _gauges.GetOrAdd(name, static (n, meter) => meter.CreateGauge<double>(Validated(n)), _meter);

    public Histogram<double> Histogram(string name, string? unit)
    {
        if (_histograms.TryGetValue(name, out var histogram) && string.Equals(histogram.Unit, unit, StringComparison.Ordinal))
        {
            return histogram;
        }

        // Static lambdas with state: a lambda capturing 'unit' would allocate its closure on every call.
        histogram = _histograms.GetOrAdd(name, static (n, state) => state.Meter.CreateHistogram<double>(Validated(n), state.Unit), (Meter: _meter, Unit: unit));
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
}
