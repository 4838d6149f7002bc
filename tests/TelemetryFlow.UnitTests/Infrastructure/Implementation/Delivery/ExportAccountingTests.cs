using TelemetryFlow.Application.Common;
using System.Diagnostics;
using OpenTelemetry;
using TelemetryFlow.Infrastructure.Implementation.Delivery;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.UnitTests.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

/// <summary>
/// What the delivery handler settles in the export's ledger decides how a batch is counted:
/// stored items stay pending, every other failed outcome is a drop with its own reason.
/// </summary>
public sealed class ExportAccountingTests : IDisposable
{
    private readonly FakeActivityExporter _inner = new();
    private readonly SignalStatistics _statistics = new(SignalType.Traces, TimeProvider.System);
    private readonly ExportLedger _ledger = new();
    private readonly ObservedExporter<Activity> _observed;

    public ExportAccountingTests() => _observed = new ObservedExporter<Activity>(_inner, _statistics, _ledger);

    public static TheoryData<string, string> DropReasons => new()
    {
        { nameof(ExportOutcome.Failed), DropReason.ExportFailed.Value },
        { nameof(ExportOutcome.Rejected), DropReason.ExportRejected.Value },
        { nameof(ExportOutcome.CircuitOpen), DropReason.CircuitOpen.Value },
        { nameof(ExportOutcome.StorageFull), DropReason.StorageFull.Value },
        { nameof(ExportOutcome.StorageError), DropReason.StorageError.Value },
    };

    [Theory]
    [MemberData(nameof(DropReasons))]
    public void Export_FailedWithOutcome_IsDroppedForThatReason(string outcome, string reason)
    {
        Record(3);
        ReportDuringExport(Enum.Parse<ExportOutcome>(outcome), ExportResult.Failure);

        _observed.Export(Batch(3));

        var status = _statistics.Snapshot(enabled: true);
        Assert.Equal(3L, status.DroppedByReason[reason]);
        Assert.Equal((3L, 0L, 3L, 0L, 0L), (status.Recorded, status.Exported, status.Dropped, status.Pending, status.Stored));
    }

    [Fact]
    public void Export_FailedButStored_StaysPendingAndIsNotDropped()
    {
        Record(4);
        ReportDuringExport(ExportOutcome.Stored, ExportResult.Failure);

        _observed.Export(Batch(4));

        var status = _statistics.Snapshot(enabled: true);
        Assert.Equal((4L, 0L, 0L, 4L, 4L), (status.Recorded, status.Exported, status.Dropped, status.Pending, status.Stored));
        Assert.Equal(4L, status.Failed);
        Assert.Equal(1, status.ConsecutiveFailures);
    }

    [Fact]
    public void Export_HandlerSees4ItemsInTheLedger_AndTheLedgerIsClosedAfterwards()
    {
        long? seen = null;
        _inner.OnExport = () => seen = _ledger.Items;

        _observed.Export(Batch(4));

        Assert.Equal(4, seen);
        Assert.Equal(0, _ledger.Items);
    }

    [Fact]
    public void Export_SplitIntoPartsWithDifferentOutcomes_CountsEachPartByItsOutcome()
    {
        Record(10);
        _inner.Result = ExportResult.Failure;
        _inner.OnExport = () =>
        {
            _ledger.Settle(ExportOutcome.Delivered, 6);
            _ledger.Settle(ExportOutcome.Failed, 3);
            _ledger.Settle(ExportOutcome.TooLarge, 1);
        };

        _observed.Export(Batch(10));

        var status = _statistics.Snapshot(enabled: true);
        Assert.Equal((10L, 6L, 4L, 0L), (status.Recorded, status.Exported, status.Dropped, status.Pending));
        Assert.Equal(3L, status.DroppedByReason[DropReason.ExportFailed.Value]);
        Assert.Equal(1L, status.DroppedByReason[DropReason.ItemTooLarge.Value]);
        Assert.Equal(1, status.ConsecutiveFailures);
    }

    [Fact]
    public void Export_OnlyTooLargeItems_IsNotAFailedExport()
    {
        Record(2);
        _inner.OnExport = () => _ledger.Settle(ExportOutcome.TooLarge, 2);

        _observed.Export(Batch(2));

        var status = _statistics.Snapshot(enabled: true);
        Assert.Equal(2L, status.DroppedByReason[DropReason.ItemTooLarge.Value]);
        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.Equal(0L, status.Failed);
    }

    [Fact]
    public void Export_FailedWithoutAReport_CountsAsExportFailed()
    {
        Record(2);
        _inner.Result = ExportResult.Failure;

        _observed.Export(Batch(2));

        Assert.Equal(2L, _statistics.Snapshot(enabled: true).DroppedByReason[DropReason.ExportFailed.Value]);
    }

    [Fact]
    public void RecordReplayed_ItemsStoredByThisRun_BecomeExported()
    {
        Record(5);
        ReportDuringExport(ExportOutcome.Stored, ExportResult.Failure);
        _observed.Export(Batch(5));

        _statistics.RecordReplayed(5, storedByThisRun: true);

        var status = _statistics.Snapshot(enabled: true);
        Assert.Equal((5L, 5L, 0L, 0L, 0L), (status.Recorded, status.Exported, status.Dropped, status.Pending, status.Stored));
        Assert.Equal(0L, status.ReplayedFromPreviousRun);
    }

    [Fact]
    public void RecordReplayed_ItemsStoredByAnEarlierRun_AreCountedApart()
    {
        _statistics.RecordReplayed(6, storedByThisRun: false);

        var status = _statistics.Snapshot(enabled: true);
        Assert.Equal((0L, 0L, 0L, 6L), (status.Recorded, status.Exported, status.Pending, status.ReplayedFromPreviousRun));
    }

    [Fact]
    public void RecordReplayRejected_ItemsStoredByThisRun_AreDroppedAsReplayRejected()
    {
        Record(2);
        ReportDuringExport(ExportOutcome.Stored, ExportResult.Failure);
        _observed.Export(Batch(2));

        _statistics.RecordReplayRejected(2, storedByThisRun: true);
        _statistics.RecordReplayRejected(9, storedByThisRun: false);

        var status = _statistics.Snapshot(enabled: true);
        Assert.Equal((2L, 0L, 2L, 0L, 0L), (status.Recorded, status.Exported, status.Dropped, status.Pending, status.Stored));
        Assert.Equal(2L, status.DroppedByReason[DropReason.ReplayRejected.Value]);
    }

    [Fact]
    public void Snapshot_CircuitBreaker_StateIsShown()
    {
        var time = TestTime.Clock();
        var breaker = new CircuitBreaker(SignalType.Traces, new CircuitBreakerSettings(enabled: true, failureThreshold: 1, TimeSpan.FromSeconds(30)), time);
        var statistics = new SignalStatistics(SignalType.Traces, TimeProvider.System, breaker: breaker);
        breaker.RecordFailure();

        Assert.Equal(CircuitState.Open, statistics.Snapshot(enabled: true).CircuitState);
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(CircuitState.HalfOpen, statistics.Snapshot(enabled: true).CircuitState);
    }

    [Fact]
    public void CredentialsRejected_ClearedByTheNextSuccess()
    {
        _statistics.NoteTransportFailure("HTTP 401 Unauthorized: credentials rejected by the backend", credentialsRejected: true);
        _statistics.RecordExport(1, ExportOutcome.Rejected);
        Assert.True(_statistics.Snapshot(enabled: true).CredentialsRejected);

        _statistics.RecordExport(1, ExportOutcome.Delivered);

        Assert.False(_statistics.Snapshot(enabled: true).CredentialsRejected);
    }

    public void Dispose() => _observed.Dispose();

    private static Batch<Activity> Batch(int count)
    {
        var items = Enumerable.Range(0, count).Select(i => new Activity($"a{i}")).ToArray();
        return new Batch<Activity>(items, items.Length);
    }

    private void Record(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _statistics.AddRecorded();
        }
    }

    private void ReportDuringExport(ExportOutcome outcome, ExportResult result)
    {
        _inner.Result = result;
        _inner.OnExport = () => _ledger.Settle(outcome, _ledger.Items);
    }
}
