using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Status;
using TelemetryFlow.Infrastructure.Status;

namespace TelemetryFlow.UnitTests.Infrastructure.Status;

public sealed class GetSdkStatusQueryHandlerTests : IDisposable
{
    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly SdkLifecycle _lifecycle = new();
    private readonly StatusQueryHandler _handler;

    public GetSdkStatusQueryHandlerTests() => _handler = new StatusQueryHandler(_runtime.Pipeline, _runtime.Accounting, _lifecycle);

    [Fact]
    public async Task Handle_NotRunning_ReportsTheConfigurationAndNotInitialized()
    {
        var status = await _handler.Handle(new GetSdkStatusQuery(), default);

        Assert.False(status.IsInitialized);
        Assert.Equal(TimeSpan.Zero, status.Uptime);
        Assert.Equal(TelemetryConfig.DistroVersion, status.SdkVersion);
        Assert.Equal(TestRuntimes.ServiceName, status.ServiceName);
        Assert.Equal(new Uri(TestRuntimes.Endpoint), status.Endpoint);
        Assert.Equal(Protocol.Grpc, status.Protocol);
        Assert.Equal(SignalType.All, status.EnabledSignals);
        Assert.Equal(
            [(SignalType.Traces, true), (SignalType.Metrics, true), (SignalType.Logs, true)],
            new[] { status.Traces, status.Metrics, status.Logs }.Select(s => (s.Signal, s.Enabled)));
    }

    [Fact]
    public async Task Handle_Running_ReportsInitializedWithUptime()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(2));

        var status = await _handler.Handle(new GetSdkStatusQuery(), default);

        Assert.True(status.IsInitialized);
        Assert.True(status.Uptime >= TimeSpan.FromMinutes(2), $"uptime {status.Uptime}");
    }

    [Fact]
    public async Task Handle_Stopped_ReportsNotInitialized()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);
        _lifecycle.TryMarkStopped();

        var status = await _handler.Handle(new GetSdkStatusQuery(), default);

        Assert.False(status.IsInitialized);
        Assert.Equal(TimeSpan.Zero, status.Uptime);
    }

    [Fact]
    public async Task Handle_ReflectsExportAccountingAndOpenSpans()
    {
        using var sampled = SampledActivitySource.Listen(_runtime.ActivitySource);
        var open = sampled.Start();
        _runtime.Spans.Track(open);
        _runtime.Traces.AddRecorded();
        _runtime.Traces.RecordExport(items: 1, success: true);
        _runtime.Logs.RecordExport(items: 4, success: false);

        var status = await _handler.Handle(new GetSdkStatusQuery(), default);

        Assert.Equal(1, status.OpenSpans);
        Assert.Equal(0, status.EvictedSpans);
        Assert.Equal((1L, 1L), (status.Traces.Recorded, status.Traces.Exported));
        Assert.Equal((4L, 1), (status.Logs.Failed, status.Logs.ConsecutiveFailures));
        open.Stop();
    }

    [Fact]
    public async Task Handle_SignalDisabledInConfig_ReportsItDisabled()
    {
        using var runtime = TestRuntimes.Create(TestRuntimes.Builder().WithTracesOnly().Build());

        var status = await new StatusQueryHandler(runtime.Pipeline, runtime.Accounting, _lifecycle).Handle(new GetSdkStatusQuery(), default);

        Assert.Equal(SignalType.Traces, status.EnabledSignals);
        Assert.Equal((true, false, false), (status.Traces.Enabled, status.Metrics.Enabled, status.Logs.Enabled));
    }

    public void Dispose() => _runtime.Dispose();
}
