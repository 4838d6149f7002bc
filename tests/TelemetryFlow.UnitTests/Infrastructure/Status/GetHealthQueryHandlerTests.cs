using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Status;
using TelemetryFlow.Infrastructure.Status;

namespace TelemetryFlow.UnitTests.Infrastructure.Status;

public sealed class GetHealthQueryHandlerTests : IDisposable
{
    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly SdkLifecycle _lifecycle = new();
    private readonly StatusQueryHandler _handler;

    public GetHealthQueryHandlerTests() => _handler = new StatusQueryHandler(_runtime.Pipeline, _runtime.Accounting, _lifecycle);

    [Fact]
    public async Task Handle_NotRunning_IsUnhealthy()
    {
        var health = await _handler.Handle(new GetHealthQuery(IncludeComponents: true), default);

        Assert.Equal(HealthState.Unhealthy, health.Status);
        Assert.Empty(health.Components);
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 0)]
    public async Task Handle_RunningWithoutExports_IsHealthy(bool includeComponents, int components)
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);

        var health = await _handler.Handle(new GetHealthQuery(includeComponents), default);

        Assert.Equal(HealthState.Healthy, health.Status);
        Assert.Equal(components, health.Components.Count);
    }

    [Fact]
    public async Task Handle_RunningWithFailingExports_ReflectsTheStatistics()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);
        _runtime.Metrics.RecordExport(items: 5, success: true);
        _runtime.Metrics.NoteTransportFailure("HTTP 503 Service Unavailable");
        _runtime.Metrics.RecordExport(items: 5, success: false);

        var health = await _handler.Handle(new GetHealthQuery(IncludeComponents: true), default);

        Assert.Equal(HealthState.Degraded, health.Status);
        Assert.Equal(HealthState.Degraded, health.Components.Single(c => c.Name == "metrics-exporter").Status);
        Assert.Contains("HTTP 503 Service Unavailable", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_Stopped_IsUnhealthy()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);
        _lifecycle.TryMarkStopped();

        var health = await _handler.Handle(new GetHealthQuery(IncludeComponents: false), default);

        Assert.Equal(HealthState.Unhealthy, health.Status);
    }

    public void Dispose() => _runtime.Dispose();
}
