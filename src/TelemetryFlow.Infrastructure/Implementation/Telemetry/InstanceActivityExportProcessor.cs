using System.Diagnostics;
using OpenTelemetry;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// The batch export processor for spans. OpenTelemetry subscribes to activity sources by name, so
/// a second client in the same process (same source name) would see our spans and we theirs; this
/// processor exports only spans from this client's own <see cref="ActivitySource"/> instance (plus
/// any other source the app added), and counts what it accepts.
/// </summary>
internal sealed class InstanceActivityExportProcessor : BatchActivityExportProcessor
{
    private readonly OwnedSources _ownSources;
    private readonly SignalStatistics _statistics;

    // ownSources: the sources this client owns by instance (its own, and for example the host's
    // Microsoft.AspNetCore source), so another web host in the same process does not leak its requests in.
    public InstanceActivityExportProcessor(IEnumerable<ActivitySource> ownSources, SignalStatistics statistics, BaseExporter<Activity> exporter, BatchSettings batch, TimeSpan exportTimeout)
        : base(exporter, batch.MaxQueueSize, (int)batch.ScheduledDelay.TotalMilliseconds, (int)exportTimeout.TotalMilliseconds, batch.MaxExportBatchSize)
    {
        _ownSources = new OwnedSources(ownSources);
        _statistics = statistics;
    }

    public override void OnEnd(Activity data)
    {
        if (!data.Recorded || _ownSources.IsAnotherClients(data.Source))
        {
            return;
        }

        _statistics.AddRecorded();
        base.OnEnd(data);
    }
}
