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
    private readonly ActivitySource[] _ownSources;
    private readonly SignalStatistics _statistics;

    // ownSources: the sources this client owns by instance (its own, and for example the host's
    // Microsoft.AspNetCore source), so another web host in the same process does not leak its requests in.
    public InstanceActivityExportProcessor(IEnumerable<ActivitySource> ownSources, SignalStatistics statistics, BaseExporter<Activity> exporter, BatchSettings batch, TimeSpan exportTimeout)
        : base(exporter, batch.MaxQueueSize, (int)batch.ScheduledDelay.TotalMilliseconds, (int)exportTimeout.TotalMilliseconds, batch.MaxExportBatchSize)
    {
        _ownSources = ownSources.ToArray();
        _statistics = statistics;
    }

    public override void OnEnd(Activity data)
    {
        if (!data.Recorded || IsAnotherInstanceOfAnOwnedSource(data.Source))
        {
            return;
        }

        _statistics.AddRecorded();
        base.OnEnd(data);
    }

    private bool IsAnotherInstanceOfAnOwnedSource(ActivitySource source)
    {
        foreach (var own in _ownSources)
        {
            if (ReferenceEquals(source, own))
            {
                return false;
            }

            if (string.Equals(source.Name, own.Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
