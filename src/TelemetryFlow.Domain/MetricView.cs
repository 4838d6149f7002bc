namespace TelemetryFlow;

/// <summary>
/// Changes how one instrument, or every instrument matching a name ending in <c>*</c>, is exported: drop it, rename its
/// stream, keep only some attributes, or choose its histogram buckets. Add views with <c>TelemetryFlowBuilder.WithMetricView</c>
/// or the appsettings section <c>MetricViews</c>; the first view that matches an instrument applies.
/// </summary>
/// <example>
/// <code>
/// builder.WithMetricView(MetricView.DropInstrument("db.client.connections.*"))
///        .WithMetricView(MetricView.Rename("orders.placed", "shop.orders.placed"))
///        .WithMetricView(MetricView.Buckets("http.server.request.duration", 0.01, 0.05, 0.1, 0.5, 1, 5))
///        .WithMetricView(MetricView.Exponential("queue.wait"));
/// </code>
/// </example>
public sealed class MetricView
{
    /// <summary>The instrument name, exact (case-insensitive) or ending in <c>*</c> to match a prefix. Required.</summary>
    public required string Instrument { get; init; }

    /// <summary>When set, only instruments of the meter of this name match (exact, case-insensitive).</summary>
    public string? Meter { get; init; }

    /// <summary>Whether the instrument is not exported at all; the other options are then ignored.</summary>
    public bool Drop { get; init; }

    /// <summary>The name to export the stream under, instead of the instrument's; not allowed with a wildcard.</summary>
    public string? Name { get; init; }

    /// <summary>When set, only these attribute keys are kept on each measurement (fewer series, less cost).</summary>
    public IReadOnlyList<string>? AttributeKeys { get; init; }

    /// <summary>A histogram's explicit bucket boundaries, strictly increasing; implies <see cref="HistogramAggregation.ExplicitBuckets"/>.</summary>
    public IReadOnlyList<double>? HistogramBounds { get; init; }

    /// <summary>A histogram's aggregation, or <see langword="null"/> to keep the configured default.</summary>
    public HistogramAggregation? Aggregation { get; init; }

    /// <summary>A view that drops the matching instruments.</summary>
    /// <param name="instrument">The instrument name; may end in <c>*</c>.</param>
    /// <returns>The view.</returns>
    public static MetricView DropInstrument(string instrument) => new() { Instrument = instrument, Drop = true };

    /// <summary>A view that exports an instrument's stream under another name.</summary>
    /// <param name="instrument">The exact instrument name.</param>
    /// <param name="name">The exported name.</param>
    /// <returns>The view.</returns>
    public static MetricView Rename(string instrument, string name) => new() { Instrument = instrument, Name = name };

    /// <summary>A view that sets a histogram's explicit bucket boundaries.</summary>
    /// <param name="instrument">The instrument name; may end in <c>*</c>.</param>
    /// <param name="bounds">The boundaries, strictly increasing.</param>
    /// <returns>The view.</returns>
    public static MetricView Buckets(string instrument, params double[] bounds) => new() { Instrument = instrument, HistogramBounds = bounds };

    /// <summary>A view that aggregates a histogram into base-2 exponential buckets.</summary>
    /// <param name="instrument">The instrument name; may end in <c>*</c>.</param>
    /// <returns>The view.</returns>
    public static MetricView Exponential(string instrument) => new() { Instrument = instrument, Aggregation = HistogramAggregation.Base2Exponential };

    /// <summary>Whether the view applies to an instrument.</summary>
    /// <param name="meterName">The instrument's meter name.</param>
    /// <param name="instrumentName">The instrument name.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    internal bool Matches(string meterName, string instrumentName) =>
        (Meter is null || string.Equals(Meter, meterName, StringComparison.OrdinalIgnoreCase))
        && (Instrument.EndsWith('*')
            ? instrumentName.StartsWith(Instrument[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(Instrument, instrumentName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The problems with this view, each a sentence; empty when valid.</summary>
    /// <returns>The problems.</returns>
    internal IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Instrument))
        {
            problems.Add("has no instrument name; name an instrument, or a prefix ending in '*'.");
            return problems;
        }

        if (Name is not null && (Name.Length == 0 || Instrument.EndsWith('*')))
        {
            problems.Add("renames its stream, which needs a non-empty name and an exact instrument name (no '*').");
        }

        if (HistogramBounds is { } bounds)
        {
            if (bounds.Any(b => !double.IsFinite(b)) || bounds.Zip(bounds.Skip(1)).Any(pair => pair.First >= pair.Second))
            {
                problems.Add("has histogram bounds that are not finite and strictly increasing.");
            }

            if (Aggregation == HistogramAggregation.Base2Exponential)
            {
                problems.Add("sets both histogram bounds and exponential aggregation; choose one.");
            }
        }

        if (AttributeKeys is { } keys && keys.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("keeps an empty attribute key.");
        }

        return problems;
    }

    /// <summary>The instrument the view matches, for messages.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Meter is null ? Instrument : $"{Meter}/{Instrument}";
}
