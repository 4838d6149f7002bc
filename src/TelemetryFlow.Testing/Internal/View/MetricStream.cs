using TelemetryFlow.Testing.Otlp.Metrics.V1;

namespace TelemetryFlow.Testing.Internal.View;

/// <summary>
/// One metric stream: an instrument of one service and scope with one attribute set, and its latest data point. OTLP
/// carries streams, not measurements: the SDK aggregates every measurement of a stream into one point per export.
/// </summary>
internal sealed record MetricStream(ReceivedMetric Metric, ReceivedDataPoint Point, string AttributeText)
{
    /// <summary>The latest point of every stream, in name then attribute order: later exports replace earlier ones.</summary>
    public static IReadOnlyList<MetricStream> Latest(IEnumerable<ReceivedMetric> metrics)
    {
        var latest = new Dictionary<(string?, string, string, MetricKind, string), MetricStream>();
        foreach (var metric in metrics)
        {
            foreach (var point in metric.DataPoints)
            {
                latest[(metric.ServiceName, metric.ScopeName, metric.Name, metric.Kind, Identity(point.Attributes))] =
                    new MetricStream(metric, point, ViewText.Attributes(point.Attributes));
            }
        }

        return [.. latest.Values
            .OrderBy(s => s.Metric.Name, StringComparer.Ordinal)
            .ThenBy(s => s.AttributeText, StringComparer.Ordinal)
            .ThenBy(s => s.Metric.ServiceName, StringComparer.Ordinal)];
    }

    // The attribute set as a key: sorted, strings quoted and separators no value can hold, so {a:"1"} and {a:1}, or
    // {a:"1, b=2"} and {a:1, b:2}, stay two streams (the display text, unquoted, would merge them).
    private static string Identity(IReadOnlyDictionary<string, object?> attributes) =>
        string.Join('\u0001', attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + '\u0000' + OtlpValues.Format(a.Value, quoteStrings: true)));

    public string Kind
    {
        get
        {
            var kind = Metric.Kind switch
            {
                MetricKind.Sum => Metric.IsMonotonic ? "counter" : "updown",
                MetricKind.Gauge => "gauge",
                MetricKind.Histogram => "histogram",
                MetricKind.ExponentialHistogram => "exp-histogram",
                MetricKind.Summary => "summary",
                _ => "none",
            };
            return Metric.Temporality == AggregationTemporality.Delta ? kind + " (delta)" : kind;
        }
    }

    public string Unit => Metric.Unit;

    /// <summary>The value as a reader wants it: a number for sums and gauges, count/sum/min/max for distributions.</summary>
    public string ValueText
    {
        get
        {
            var unit = Unit.Length == 0 ? string.Empty : " " + Unit;
            if (Point.Value is { } value)
            {
                return ViewText.Number(value) + unit;
            }

            if (Point.Count is not { } count)
            {
                return "-";
            }

            var parts = new List<string> { $"count={count}" };
            if (Point.Sum is { } sum)
            {
                parts.Add($"sum={ViewText.Number(sum)}");
            }

            if (Point.Min is { } min)
            {
                parts.Add($"min={ViewText.Number(min)}");
            }

            if (Point.Max is { } max)
            {
                parts.Add($"max={ViewText.Number(max)}");
            }

            return string.Join(' ', parts) + unit;
        }
    }
}
