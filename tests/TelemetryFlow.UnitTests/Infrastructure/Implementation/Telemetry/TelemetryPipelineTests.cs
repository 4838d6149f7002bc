using Microsoft.Extensions.Logging.Abstractions;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Telemetry;

public sealed class TelemetryPipelineTests : IDisposable
{
    private readonly TestRuntime _runtime = TestRuntimes.Create();

    [Theory]
    [InlineData(SignalType.Traces)]
    [InlineData(SignalType.Metrics)]
    [InlineData(SignalType.Logs)]
    public void AccountingFor_Signal_ReturnsThatSignalsStatistics(SignalType signal)
    {
        var statistics = _runtime.Accounting.For(signal);

        Assert.Equal(signal, statistics.Signal);
    }

    [Fact]
    public void New_NotStarted_HasInstrumentationButNoLogger()
    {
        Assert.Equal(TelemetryPipeline.InstrumentationName, _runtime.ActivitySource.Name);
        Assert.Equal(TelemetryPipeline.InstrumentationName, _runtime.Meter.Name);
        Assert.Same(NullLogger.Instance, _runtime.Logger);
        Assert.Equal(0, _runtime.Instruments.Count);
    }

    [Fact]
    public void FlushAndShutdown_NotStarted_SucceedAndEndOpenSpans()
    {
        using var sampled = SampledActivitySource.Listen(_runtime.ActivitySource);
        var open = _runtime.ActivitySource.StartActivity("open")!;
        _runtime.Spans.Track(open);

        Assert.True(_runtime.Flush(TimeSpan.FromSeconds(1)));
        Assert.True(_runtime.Shutdown(Timeout.InfiniteTimeSpan));

        Assert.True(open.IsStopped);
        Assert.Equal(0, _runtime.Spans.OpenCount);
    }

    public void Dispose() => _runtime.Dispose();
}
