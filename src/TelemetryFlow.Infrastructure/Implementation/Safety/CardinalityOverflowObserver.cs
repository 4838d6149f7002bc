using OpenTelemetry;
using OpenTelemetry.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Safety;

/// <summary>
/// Sits in front of the metric exporter and notices metric streams that reached their cardinality
/// limit. OpenTelemetry aggregates the attribute sets beyond the limit into one point tagged
/// <c>otel.metric.overflow=true</c> and keeps no public count, so that exported point is the signal:
/// each stream seen with it is counted once in status and reported once to self-diagnostics.
/// </summary>
internal sealed class CardinalityOverflowObserver : BaseExporter<Metric>
{
    /// <summary>The attribute OpenTelemetry puts on the overflow point.</summary>
    public const string OverflowAttribute = "otel.metric.overflow";

    private readonly BaseExporter<Metric> _inner;
    private readonly SafetyStatistics _statistics;
    private readonly int _limit;
    private readonly HashSet<Metric> _overflowed = new(ReferenceEqualityComparer.Instance);
    private bool _parentPropagated;

    public CardinalityOverflowObserver(BaseExporter<Metric> inner, SafetyStatistics statistics, int limit)
    {
        _inner = inner;
        _statistics = statistics;
        _limit = limit;
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        if (!_parentPropagated && ParentProvider is not null)
        {
            ExporterParentProvider<Metric>.Set(_inner, ParentProvider);
            _parentPropagated = true;
        }

        foreach (var metric in batch)
        {
            if (HasOverflowPoint(metric))
            {
                Note(metric);
            }
        }

        return _inner.Export(batch);
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) => _inner.ForceFlush(timeoutMilliseconds);

    protected override bool OnShutdown(int timeoutMilliseconds) => _inner.Shutdown(timeoutMilliseconds);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool HasOverflowPoint(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            if (point.Tags.Count != 1)
            {
                continue;
            }

            foreach (var tag in point.Tags)
            {
                if (string.Equals(tag.Key, OverflowAttribute, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void Note(Metric metric)
    {
        lock (_overflowed)
        {
            if (!_overflowed.Add(metric))
            {
                return;
            }
        }

        _statistics.MetricStreamOverflowed();
        TelemetryFlowEventSource.Log.MetricCardinalityLimitReached(metric.Name, _limit);
    }
}
