using System.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.UnitTests.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Telemetry;

public sealed class InstanceActivityExportProcessorTests : IDisposable
{
    private readonly SampledActivitySource _own = SampledActivitySource.Create();
    private readonly FakeActivityExporter _exporter = new();
    private readonly SignalStatistics _statistics = new(SignalType.Traces, TimeProvider.System);
    private readonly InstanceActivityExportProcessor _processor;

    public InstanceActivityExportProcessorTests()
    {
        var config = TestRuntimes.Config();
        _processor = new InstanceActivityExportProcessor([_own.Source], _statistics, _exporter, config.Batch, config.ExportTimeout);
    }

    [Fact]
    public void OnEnd_OwnSource_IsCountedAndExported()
    {
        End(_own.Start("mine"));

        Assert.Equal(["mine"], Flush());
        Assert.Equal(1, _statistics.Snapshot(enabled: true).Recorded);
    }

    [Fact]
    public void OnEnd_AnotherSourceWithTheSameName_IsDropped()
    {
        using var twin = SampledActivitySource.Listen(new ActivitySource(_own.Source.Name));

        End(twin.Start("theirs"));
        End(_own.Start("mine"));

        Assert.Equal(["mine"], Flush());
        Assert.Equal(1, _statistics.Snapshot(enabled: true).Recorded);
        twin.Source.Dispose();
    }

    [Fact]
    public void OnEnd_AnotherSourceWithAnotherName_IsExported()
    {
        using var added = SampledActivitySource.Create();

        End(added.Start("added"));

        Assert.Equal(["added"], Flush());
    }

    [Fact]
    public void OnEnd_NotRecorded_IsDropped()
    {
        var propagationOnly = new Activity("propagation-only");
        propagationOnly.ActivityTraceFlags = ActivityTraceFlags.None;
        propagationOnly.Start();

        End(propagationOnly);

        Assert.Empty(Flush());
        Assert.Equal(0, _statistics.Snapshot(enabled: true).Recorded);
    }

    public void Dispose()
    {
        _processor.Dispose();
        _own.Dispose();
    }

    private void End(Activity activity)
    {
        activity.Stop();
        _processor.OnEnd(activity);
    }

    private IReadOnlyList<string> Flush()
    {
        Assert.True(_processor.ForceFlush(10_000));
        return _exporter.ExportedNames;
    }
}
