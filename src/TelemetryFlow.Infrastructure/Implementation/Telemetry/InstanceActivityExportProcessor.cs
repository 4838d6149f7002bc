using System.Diagnostics;
using OpenTelemetry;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// The batch export processor for spans. OpenTelemetry subscribes to activity sources by name, so
/// a second client in the same process (same source name) would see our spans and we theirs; this
/// processor exports only spans from this client's own <see cref="ActivitySource"/> instance (plus
/// any other source the app added), and counts what it accepts.
/// </summary>
internal sealed class InstanceActivityExportProcessor : BatchActivityExportProcessor
{
    private readonly ActivitySource _ownSource;
    private readonly SignalStatistics _statistics;

    public InstanceActivityExportProcessor(ActivitySource ownSource, SignalStatistics statistics, BaseExporter<Activity> exporter, BatchSettings batch, TimeSpan exportTimeout)
        : base(exporter, batch.MaxQueueSize, (int)batch.ScheduledDelay.TotalMilliseconds, (int)exportTimeout.TotalMilliseconds, batch.MaxExportBatchSize)
    {
        _ownSource = ownSource;
        _statistics = statistics;
    }

    public override void OnEnd(Activity data)
    {
        if (!data.Recorded || (!ReferenceEquals(data.Source, _ownSource) && string.Equals(data.Source.Name, _ownSource.Name, StringComparison.Ordinal)))
        {
            return;
        }

        _statistics.AddRecorded();
        base.OnEnd(data);
    }
}
