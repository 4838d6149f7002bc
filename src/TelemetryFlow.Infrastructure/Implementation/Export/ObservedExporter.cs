using OpenTelemetry;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Delegates to an OTLP exporter and records each export's outcome. OpenTelemetry keeps its own
/// counts internal, so this is how status learns what was exported and what failed.
/// </summary>
/// <remarks>
/// A failed export is not always a loss: the delivery handler, which runs inside the exporter's call,
/// may have stored the batch on disk, or failed it fast on an open circuit. It says so through the
/// <see cref="ExportContext"/> entered here, and the items are counted accordingly.
/// </remarks>
internal sealed class ObservedExporter<T> : BaseExporter<T>
    where T : class
{
    private readonly BaseExporter<T> _inner;
    private readonly SignalStatistics _statistics;
    private bool _parentPropagated;

    public ObservedExporter(BaseExporter<T> inner, SignalStatistics statistics)
    {
        _inner = inner;
        _statistics = statistics;
    }

    public override ExportResult Export(in Batch<T> batch)
    {
        if (!_parentPropagated && ParentProvider is not null)
        {
            // The OTLP exporter reads the resource from its parent provider, which is only set on us.
            ExporterParentProvider<T>.Set(_inner, ParentProvider);
            _parentPropagated = true;
        }

        var items = batch.Count;
        ExportResult result;
        ExportOutcome? reported;
        using (var scope = ExportContext.Enter(items))
        {
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

            reported = scope.Context.Outcome;
        }

        var outcome = result == ExportResult.Success
            ? ExportOutcome.Delivered
            : reported is { } failure && failure != ExportOutcome.Delivered ? failure : ExportOutcome.Failed;
        _statistics.RecordExport(items, outcome);
        return result;
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
}
