using TelemetryFlow.Application.Common;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Export;

public sealed class SignalStatisticsTests
{
    private const string DefaultReason = "the exporter reported a failure";

    private readonly FakeTimeProvider _time = TestTime.Clock();
    private readonly SignalStatistics _statistics;

    public SignalStatisticsTests() => _statistics = new SignalStatistics(SignalType.Logs, _time);

    [Fact]
    public void Snapshot_New_IsEmptyAndCarriesSignalAndEnabled()
    {
        var snapshot = _statistics.Snapshot(enabled: false);

        Assert.Empty(snapshot.DroppedByReason);
        Assert.Equal(new SignalStatus { Signal = SignalType.Logs, Enabled = false, DroppedByReason = snapshot.DroppedByReason }, snapshot);
    }

    [Fact]
    public void RecordDropped_IsDroppingForOneMinuteThenNot()
    {
        _statistics.RecordDropped(DropReason.QueueFull, 4);
        var dropping = _statistics.Snapshot(enabled: true);
        _time.Advance(SignalStatistics.DroppingWindow);
        var later = _statistics.Snapshot(enabled: true);

        Assert.Equal((true, TestTime.Epoch), (dropping.IsDropping, dropping.LastDroppedAt));
        Assert.Equal((false, TestTime.Epoch), (later.IsDropping, later.LastDroppedAt));
    }

    [Fact]
    public void AddRecorded_ThreeTimes_CountsThree()
    {
        _statistics.AddRecorded();
        _statistics.AddRecorded();
        _statistics.AddRecorded();

        Assert.Equal(3, _statistics.Snapshot(enabled: true).Recorded);
    }

    [Fact]
    public void RecordExport_Success_CountsItemsAndStampsSuccess()
    {
        _statistics.RecordExport(items: 5, success: true);

        var snapshot = _statistics.Snapshot(enabled: true);
        Assert.Equal(5, snapshot.Exported);
        Assert.Equal(0, snapshot.Failed);
        Assert.Equal(1, snapshot.ExportAttempts);
        Assert.Equal(0, snapshot.ConsecutiveFailures);
        Assert.Equal(TestTime.Epoch, snapshot.LastSuccessAt);
        Assert.Null(snapshot.LastFailureAt);
        Assert.Null(snapshot.LastFailureReason);
    }

    [Fact]
    public void RecordExport_TwoFailures_CountsItemsAndConsecutiveFailures()
    {
        _statistics.RecordExport(items: 2, success: false);
        _time.Advance(TimeSpan.FromSeconds(5));
        _statistics.RecordExport(items: 3, success: false);

        var snapshot = _statistics.Snapshot(enabled: true);
        Assert.Equal(0, snapshot.Exported);
        Assert.Equal(5, snapshot.Failed);
        Assert.Equal(2, snapshot.ExportAttempts);
        Assert.Equal(2, snapshot.ConsecutiveFailures);
        Assert.Null(snapshot.LastSuccessAt);
        Assert.Equal(TestTime.Epoch.AddSeconds(5), snapshot.LastFailureAt);
        Assert.Equal(DefaultReason, snapshot.LastFailureReason);
    }

    [Fact]
    public void RecordExport_SuccessAfterFailures_ResetsConsecutiveFailuresAndKeepsTheHistory()
    {
        _statistics.RecordExport(items: 1, success: false);
        _statistics.RecordExport(items: 1, success: false);
        _time.Advance(TimeSpan.FromMinutes(1));
        _statistics.RecordExport(items: 4, success: true);

        var snapshot = _statistics.Snapshot(enabled: true);
        Assert.Equal(0, snapshot.ConsecutiveFailures);
        Assert.Equal(4, snapshot.Exported);
        Assert.Equal(2, snapshot.Failed);
        Assert.Equal(3, snapshot.ExportAttempts);
        Assert.Equal(TestTime.Epoch.AddMinutes(1), snapshot.LastSuccessAt);
        Assert.Equal(TestTime.Epoch, snapshot.LastFailureAt);
        Assert.Equal(DefaultReason, snapshot.LastFailureReason);
    }

    [Fact]
    public void RecordExport_FailureAfterNotedTransportFailure_UsesThatReason()
    {
        _statistics.NoteTransportFailure("HTTP 503 Service Unavailable");

        _statistics.RecordExport(items: 1, success: false);

        Assert.Equal("HTTP 503 Service Unavailable", _statistics.Snapshot(enabled: true).LastFailureReason);
    }

    [Fact]
    public void RecordExport_NotedReason_IsUsedByOneFailureOnly()
    {
        _statistics.NoteTransportFailure("connection failed: ConnectionRefused");
        _statistics.RecordExport(items: 1, success: false);

        _statistics.RecordExport(items: 1, success: false);

        Assert.Equal(DefaultReason, _statistics.Snapshot(enabled: true).LastFailureReason);
    }

    [Fact]
    public void RecordExport_SuccessAfterNotedReason_ClearsThePendingReason()
    {
        _statistics.NoteTransportFailure("the export request timed out");
        _statistics.RecordExport(items: 1, success: true);

        _statistics.RecordExport(items: 1, success: false);

        Assert.Equal(DefaultReason, _statistics.Snapshot(enabled: true).LastFailureReason);
    }

    [Fact]
    public void NoteTransportFailure_Twice_TheLatestWins()
    {
        _statistics.NoteTransportFailure("first");
        _statistics.NoteTransportFailure("second");

        _statistics.RecordExport(items: 1, success: false);

        Assert.Equal("second", _statistics.Snapshot(enabled: true).LastFailureReason);
    }
}
