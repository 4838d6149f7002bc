using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Export;

public sealed class ObservedExporterTests : IDisposable
{
    private readonly FakeActivityExporter _inner = new();
    private readonly SignalStatistics _statistics = new(SignalType.Traces, TimeProvider.System);
    private readonly ObservedExporter<Activity> _observed;

    public ObservedExporterTests() => _observed = new ObservedExporter<Activity>(_inner, _statistics);

    [Fact]
    public void Export_InnerSucceeds_CountsTheBatchAsExported()
    {
        var result = _observed.Export(Batch("a", "b", "c"));

        Assert.Equal(ExportResult.Success, result);
        Assert.Equal(["a", "b", "c"], _inner.ExportedNames);
        var snapshot = _statistics.Snapshot(enabled: true);
        Assert.Equal((3L, 0L, 1L, 0), (snapshot.Exported, snapshot.Failed, snapshot.ExportAttempts, snapshot.ConsecutiveFailures));
    }

    [Fact]
    public void Export_BatchCountBelowArrayLength_CountsOnlyTheBatch()
    {
        var items = new[] { new Activity("a"), new Activity("b"), new Activity("c"), new Activity("d") };

        _observed.Export(new Batch<Activity>(items, 2));

        Assert.Equal(2, _statistics.Snapshot(enabled: true).Exported);
    }

    [Fact]
    public void Export_InnerFails_CountsTheBatchAsFailed()
    {
        _inner.Result = ExportResult.Failure;

        var result = _observed.Export(Batch("a", "b"));

        Assert.Equal(ExportResult.Failure, result);
        var snapshot = _statistics.Snapshot(enabled: true);
        Assert.Equal((0L, 2L, 1L, 1), (snapshot.Exported, snapshot.Failed, snapshot.ExportAttempts, snapshot.ConsecutiveFailures));
        Assert.Equal("the exporter reported a failure", snapshot.LastFailureReason);
    }

    [Fact]
    public void Export_TransportNotesAReasonDuringTheExport_ReasonIsRecorded()
    {
        _inner.Result = ExportResult.Failure;
        _inner.OnExport = () => _statistics.NoteTransportFailure("HTTP 503 Service Unavailable");

        _observed.Export(Batch("a"));

        Assert.Equal("HTTP 503 Service Unavailable", _statistics.Snapshot(enabled: true).LastFailureReason);
    }

    [Fact]
    public void Export_InnerThrows_ReturnsFailureAndRecordsTheExceptionType()
    {
        _inner.Throw = new InvalidDataException("corrupt");

        var result = _observed.Export(Batch("a", "b"));

        Assert.Equal(ExportResult.Failure, result);
        var snapshot = _statistics.Snapshot(enabled: true);
        Assert.Equal(2, snapshot.Failed);
        Assert.Contains(nameof(InvalidDataException), snapshot.LastFailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ForceFlush_IsForwardedWithItsTimeoutAndResult(bool innerResult)
    {
        _inner.FlushResult = innerResult;

        Assert.Equal(innerResult, _observed.ForceFlush(1234));
        Assert.Equal([1234], _inner.FlushTimeouts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Shutdown_IsForwardedWithItsTimeoutAndResult(bool innerResult)
    {
        _inner.ShutdownResult = innerResult;

        Assert.Equal(innerResult, _observed.Shutdown(4321));
        Assert.Equal([4321], _inner.ShutdownTimeouts);
    }

    [Fact]
    public void Dispose_DisposesTheInnerExporter()
    {
        _observed.Dispose();

        Assert.True(_inner.Disposed);
    }

    [Fact]
    public void Export_WithoutParentProvider_LeavesTheInnerParentUnset()
    {
        _observed.Export(Batch("a"));

        Assert.Null(_inner.ParentProvider);
    }

    [Fact]
    public void Export_ThroughATracerProvider_HandsTheProviderToTheInnerExporter()
    {
        var name = SampledActivitySource.UniqueName();
        using var source = new ActivitySource(name);
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(name)
            .AddProcessor(new SimpleActivityExportProcessor(_observed))
            .Build();

        source.StartActivity("exported")!.Stop();

        Assert.Equal(["exported"], _inner.ExportedNames);
        Assert.Same(provider, _inner.ParentProvider);
    }

    public void Dispose() => _observed.Dispose();

    private static Batch<Activity> Batch(params string[] names)
    {
        var items = names.Select(n => new Activity(n)).ToArray();
        return new Batch<Activity>(items, items.Length);
    }
}
