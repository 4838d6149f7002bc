using Google.Protobuf;
using TelemetryFlow.Testing.Internal;
using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Metrics.V1;
using TelemetryFlow.Testing.Otlp.Resource.V1;

namespace TelemetryFlow.Testing;

/// <summary>The data shape of a metric.</summary>
public enum MetricKind
{
    /// <summary>The metric carried no data.</summary>
    None,

    /// <summary>Sampled values (e.g. an ObservableGauge).</summary>
    Gauge,

    /// <summary>Sums (e.g. a Counter or UpDownCounter).</summary>
    Sum,

    /// <summary>Explicit-bucket histogram.</summary>
    Histogram,

    /// <summary>Base-2 exponential histogram.</summary>
    ExponentialHistogram,

    /// <summary>Quantile summary.</summary>
    Summary,
}

/// <summary>
/// An accepted metric together with the resource and instrumentation scope it was reported under.
/// Every export of a metric stream yields one <see cref="ReceivedMetric"/>, so periodic or cumulative exports of the same
/// instrument appear several times.
/// </summary>
public sealed class ReceivedMetric
{
    private readonly TelemetryOrigin _origin;

    internal ReceivedMetric(Metric metric, TelemetryOrigin origin)
    {
        Metric = metric;
        _origin = origin;
        DataPoints = metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(ReceivedDataPoint.From).ToArray(),
            Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(ReceivedDataPoint.From).ToArray(),
            Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(ReceivedDataPoint.From).ToArray(),
            Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Select(ReceivedDataPoint.From).ToArray(),
            Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Select(ReceivedDataPoint.From).ToArray(),
            _ => [],
        };
    }

    /// <summary>The raw OTLP metric.</summary>
    public Metric Metric { get; }

    /// <summary>The raw OTLP resource (empty when the exporter sent none).</summary>
    public Resource Resource => _origin.Resource;

    /// <summary>The raw OTLP instrumentation scope (for .NET: the <c>Meter</c> name).</summary>
    public InstrumentationScope Scope => _origin.Scope;

    /// <summary>The request that delivered this metric.</summary>
    public ReceivedRequest Request => _origin.Request;

    /// <summary>The instrument name.</summary>
    public string Name => Metric.Name;

    /// <summary>The instrument description.</summary>
    public string Description => Metric.Description;

    /// <summary>The unit (UCUM, e.g. <c>ms</c>, <c>By</c>, <c>{request}</c>).</summary>
    public string Unit => Metric.Unit;

    /// <summary>The data shape.</summary>
    public MetricKind Kind => Metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => MetricKind.Gauge,
        Metric.DataOneofCase.Sum => MetricKind.Sum,
        Metric.DataOneofCase.Histogram => MetricKind.Histogram,
        Metric.DataOneofCase.ExponentialHistogram => MetricKind.ExponentialHistogram,
        Metric.DataOneofCase.Summary => MetricKind.Summary,
        _ => MetricKind.None,
    };

    /// <summary>Delta or cumulative for sums and histograms; unspecified for gauges and summaries.</summary>
    public AggregationTemporality Temporality => Metric.DataCase switch
    {
        Metric.DataOneofCase.Sum => Metric.Sum.AggregationTemporality,
        Metric.DataOneofCase.Histogram => Metric.Histogram.AggregationTemporality,
        Metric.DataOneofCase.ExponentialHistogram => Metric.ExponentialHistogram.AggregationTemporality,
        _ => AggregationTemporality.Unspecified,
    };

    /// <summary>Whether a sum only grows (a Counter rather than an UpDownCounter).</summary>
    public bool IsMonotonic => Metric.DataCase == Metric.DataOneofCase.Sum && Metric.Sum.IsMonotonic;

    /// <summary>The data points, one per attribute set.</summary>
    public IReadOnlyList<ReceivedDataPoint> DataPoints { get; }

    /// <summary>Resource attributes converted with <see cref="OtlpValues.ToObject"/>.</summary>
    public IReadOnlyDictionary<string, object?> ResourceAttributes => _origin.ResourceAttributes;

    /// <summary>The <c>service.name</c> resource attribute, if any.</summary>
    public string? ServiceName => _origin.ServiceName;

    /// <summary>The instrumentation scope name.</summary>
    public string ScopeName => Scope.Name;

    /// <inheritdoc />
    public override string ToString() => OtlpSummary.Describe(this);
}

/// <summary>
/// One data point of any metric kind, flattened: number points fill <see cref="Value"/>, histogram and summary points fill
/// <see cref="Count"/>, <see cref="Sum"/> and friends.
/// </summary>
public sealed class ReceivedDataPoint
{
    private ReceivedDataPoint(IMessage point, IEnumerable<KeyValue> attributes, ulong startTimeUnixNano, ulong timeUnixNano)
    {
        Point = point;
        Attributes = OtlpValues.ToDictionary(attributes);
        StartTime = OtlpValues.FromUnixNanos(startTimeUnixNano);
        Time = OtlpValues.FromUnixNanos(timeUnixNano);
    }

    /// <summary>
    /// The raw point: a <see cref="NumberDataPoint"/>, <see cref="HistogramDataPoint"/>,
    /// <see cref="ExponentialHistogramDataPoint"/> or <see cref="SummaryDataPoint"/>.
    /// </summary>
    public IMessage Point { get; }

    /// <summary>The point attributes converted with <see cref="OtlpValues.ToObject"/>.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <summary>Start of the aggregation interval; <see langword="null"/> when unset.</summary>
    public DateTimeOffset? StartTime { get; }

    /// <summary>When the point was recorded; <see langword="null"/> when unset.</summary>
    public DateTimeOffset? Time { get; }

    /// <summary>Gauge/sum value (integers converted to <see cref="double"/>); <see langword="null"/> for other kinds.</summary>
    public double? Value { get; private init; }

    /// <summary>Gauge/sum value when it was sent as an integer; otherwise <see langword="null"/>.</summary>
    public long? IntValue { get; private init; }

    /// <summary>Histogram/summary measurement count; <see langword="null"/> for gauges and sums.</summary>
    public ulong? Count { get; private init; }

    /// <summary>Histogram/summary sum; <see langword="null"/> when absent.</summary>
    public double? Sum { get; private init; }

    /// <summary>Histogram minimum; <see langword="null"/> when absent.</summary>
    public double? Min { get; private init; }

    /// <summary>Histogram maximum; <see langword="null"/> when absent.</summary>
    public double? Max { get; private init; }

    /// <summary>Explicit-bucket histogram counts (one more than <see cref="ExplicitBounds"/>); empty otherwise.</summary>
    public IReadOnlyList<ulong> BucketCounts { get; private init; } = [];

    /// <summary>Explicit-bucket histogram upper bounds; empty otherwise.</summary>
    public IReadOnlyList<double> ExplicitBounds { get; private init; } = [];

    internal static ReceivedDataPoint From(NumberDataPoint point) => new(point, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano)
    {
        Value = point.ValueCase switch
        {
            NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
            NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
            _ => null,
        },
        IntValue = point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : null,
    };

    internal static ReceivedDataPoint From(HistogramDataPoint point) => new(point, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano)
    {
        Count = point.Count,
        Sum = point.HasSum ? point.Sum : null,
        Min = point.HasMin ? point.Min : null,
        Max = point.HasMax ? point.Max : null,
        BucketCounts = point.BucketCounts.ToArray(),
        ExplicitBounds = point.ExplicitBounds.ToArray(),
    };

    internal static ReceivedDataPoint From(ExponentialHistogramDataPoint point) => new(point, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano)
    {
        Count = point.Count,
        Sum = point.HasSum ? point.Sum : null,
        Min = point.HasMin ? point.Min : null,
        Max = point.HasMax ? point.Max : null,
    };

    internal static ReceivedDataPoint From(SummaryDataPoint point) => new(point, point.Attributes, point.StartTimeUnixNano, point.TimeUnixNano)
    {
        Count = point.Count,
        Sum = point.Sum,
    };
}
