using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// The one view callback of the meter provider: OpenTelemetry exports an instrument once per view that matches it, so
/// every rule lives here and yields one stream configuration. In order: another client's meter of the same name is
/// dropped, as are another host's meters and platform meter groups switched off; the SDK's own <see cref="SdkSelfMetrics"/> meter keeps only this client's instance at its own
/// cardinality limit; the first configured <see cref="MetricView"/> that matches applies; histograms without one take the default
/// aggregation. Every stream keeps the cardinality limit. Runs once per instrument, when it is published, never per
/// measurement.
/// </summary>
internal sealed class MetricViewSelector(Meter ownMeter, Meter? selfMeter, IMeterFactory? hostMeters, PlatformMeters platform, TelemetryConfig config)
{
    public MetricStreamConfiguration? Select(Instrument instrument)
    {
        if (instrument.Meter.Name == SdkSelfMetrics.MeterName)
        {
            return SdkSelfMetrics.StreamFor(instrument, selfMeter);
        }

        // Meters are subscribed to by name: drop another client's meter of the same name, and the platform meters of
        // another host's meter factory (its requests are not ours). An app's own meter is kept whatever created it.
        if ((instrument.Meter.Name == TelemetryPipeline.InstrumentationName && !ReferenceEquals(instrument.Meter, ownMeter))
            || (hostMeters is not null && instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, hostMeters)
                && platform.Contains(instrument.Meter.Name))
            || platform.LeavesOut(instrument))
        {
            return MetricStreamConfiguration.Drop;
        }

        var view = config.MetricViews.FirstOrDefault(v => v.Matches(instrument.Meter.Name, instrument.Name));
        if (view is { Drop: true })
        {
            return MetricStreamConfiguration.Drop;
        }

        var stream = StreamFor(instrument, view);
        stream.CardinalityLimit = PlatformMeters.CardinalityLimit(instrument, config.Limits.MetricCardinality);
        if (view is not null)
        {
            if (view.Name is { } name)
            {
                stream.Name = name;
            }

            if (view.AttributeKeys is { } keys)
            {
                stream.TagKeys = [.. keys];
            }
        }

        return stream;
    }

    private MetricStreamConfiguration StreamFor(Instrument instrument, MetricView? view)
    {
        if (!IsHistogram(instrument))
        {
            return new MetricStreamConfiguration();
        }

        if (view?.HistogramBounds is { } bounds)
        {
            return new ExplicitBucketHistogramConfiguration { Boundaries = [.. bounds] };
        }

        return (view?.Aggregation ?? config.HistogramAggregation) == HistogramAggregation.Base2Exponential
            ? new Base2ExponentialBucketHistogramConfiguration()
            : new MetricStreamConfiguration();
    }

    private static bool IsHistogram(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Histogram<>);
    }
}
