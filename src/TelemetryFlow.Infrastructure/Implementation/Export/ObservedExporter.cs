using OpenTelemetry;
using OpenTelemetry.Metrics;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Delegates to an OTLP exporter and records what became of each export's items. OpenTelemetry keeps its own
/// counts internal, so this is how status learns what was exported, stored and dropped.
/// </summary>
/// <remarks>
/// <para>
/// A failed export is not always a loss, and a successful one not always whole: the delivery handler, which runs
/// inside the exporter's call, may have split the batch under the size cap, stored parts of it on disk, or failed it
/// fast on an open circuit. It settles every item in the <see cref="ExportLedger"/> opened here, and the items are
/// counted by outcome; items it did not settle (the exporter failed before sending) follow the export's result.
/// </para>
/// <para>
/// It also counts exports begun and finished, so a flush can wait for the exports that carry what was recorded
/// before it: OpenTelemetry's batch processor reports a flush done once the items have left its queue, which is when
/// the export starts, not when the backend answers.
/// </para>
/// </remarks>
internal sealed class ObservedExporter<T> : BaseExporter<T>
    where T : class
{
    private readonly BaseExporter<T> _inner;
    private readonly SignalStatistics _statistics;
    private readonly ExportLedger _ledger;
    private readonly ManualResetEventSlim _idle = new(initialState: true);
    private long _started;
    private long _finished;
    private bool _parentPropagated;

    public ObservedExporter(BaseExporter<T> inner, SignalStatistics statistics, ExportLedger? ledger = null)
    {
        _inner = inner;
        _statistics = statistics;
        _ledger = ledger ?? new ExportLedger();
    }

    /// <summary>Exports begun so far.</summary>
    public long ExportsStarted => Interlocked.Read(ref _started);

    public override ExportResult Export(in Batch<T> batch)
    {
        if (!_parentPropagated && ParentProvider is not null)
        {
            // The OTLP exporter reads the resource from its parent provider, which is only set on us.
            ExporterParentProvider<T>.Set(_inner, ParentProvider);
            _parentPropagated = true;
        }

        _idle.Reset();
        Interlocked.Increment(ref _started);
        try
        {
            var items = batch.Count;
            var points = _statistics.IsAggregated ? CountPoints(batch) : 0;
            if (!_statistics.IsAggregated)
            {
                _statistics.AddProcessed(items);
            }

            ExportResult result;
            _ledger.Open(items);
            try
            {
                result = _inner.Export(batch);
            }
#pragma warning disable CA1031 // An exporter bug must not escape into OpenTelemetry's export thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _statistics.NoteTransportFailure("the exporter threw " + ex.GetType().Name);
                result = ExportResult.Failure;
            }

            var tally = _ledger.Close();
            Record(tally, result);
            if (_statistics.IsAggregated)
            {
                RecordPoints(points, tally.Settled, result);
            }

            return result;
        }
        finally
        {
            Interlocked.Increment(ref _finished);
            if (Interlocked.Read(ref _finished) == Interlocked.Read(ref _started))
            {
                _idle.Set();
            }
        }
    }

    /// <summary>
    /// Waits until every export begun before the <paramref name="started"/>-th has finished (its items are then
    /// delivered, stored or counted as dropped).
    /// </summary>
    /// <returns><see langword="false"/> when that did not happen within <paramref name="timeout"/>.</returns>
    public bool WaitForExports(long started, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + (timeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromDays(1) : timeout);
        while (Interlocked.Read(ref _finished) < started)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            // Woken when no export is in flight; a new export resetting it meanwhile costs one short re-check.
            try
            {
                _idle.Wait(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50));
            }
            catch (ObjectDisposedException)
            {
                // Disposed by a shutdown racing this flush: the exports will not finish now.
                return false;
            }
        }

        return true;
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) => _inner.ForceFlush(timeoutMilliseconds);

    protected override bool OnShutdown(int timeoutMilliseconds) => _inner.Shutdown(timeoutMilliseconds);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _idle.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Metric data points in a metric batch, for the self-metrics; once per export, on the export thread.</summary>
    private static long CountPoints(in Batch<T> batch)
    {
        long points = 0;
        foreach (var item in batch)
        {
            if (item is Metric metric)
            {
                foreach (ref readonly var _ in metric.GetMetricPoints())
                {
                    points++;
                }
            }
        }

        return points;
    }

    /// <summary>The points of a metric export count as delivered only when every part was.</summary>
    private void RecordPoints(long points, IReadOnlyList<(ExportOutcome Outcome, long Items)> settled, ExportResult result)
    {
        var failure = settled.Select(s => s.Outcome).FirstOrDefault(o => o != ExportOutcome.Delivered, ExportOutcome.Delivered);
        if (failure == ExportOutcome.Delivered && result != ExportResult.Success)
        {
            failure = ExportOutcome.Failed;
        }

        _statistics.RecordPoints(points, SignalStatistics.ErrorTypeOf(failure));
    }

    private void Record((IReadOnlyList<(ExportOutcome Outcome, long Items)> Settled, long Unsettled) tally, ExportResult result)
    {
        // Successes first, so the signal's last state is a failure when any part failed.
        foreach (var (outcome, items) in tally.Settled.OrderBy(s => s.Outcome == ExportOutcome.Delivered ? 0 : 1))
        {
            if (outcome == ExportOutcome.TooLarge)
            {
                // Not a failed export: the backend was never asked.
                _statistics.RecordDropped(DropReason.ItemTooLarge, items);
                continue;
            }

            _statistics.RecordExport(items, outcome);
        }

        if (tally.Unsettled > 0 || tally.Settled.Count == 0)
        {
            _statistics.RecordExport(tally.Unsettled, result == ExportResult.Success ? ExportOutcome.Delivered : ExportOutcome.Failed);
        }
    }
}
