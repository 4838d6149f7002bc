using TelemetryFlow.Application.Status;

namespace TelemetryFlow.UnitTests.Application.Status;

public sealed class HealthEvaluatorTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Evaluate_NotInitialized_IsUnhealthyWithNoComponents()
    {
        var health = HealthEvaluator.Evaluate(Status(initialized: false), includeComponents: true);

        Assert.Equal(HealthState.Unhealthy, health.Status);
        Assert.Contains("not running", health.Description, StringComparison.Ordinal);
        Assert.Empty(health.Components);
    }

    [Fact]
    public void Evaluate_AllSignalsWithoutFailures_IsHealthyWithOneComponentPerSignal()
    {
        var health = HealthEvaluator.Evaluate(Status(), includeComponents: true);

        Assert.Equal(HealthState.Healthy, health.Status);
        Assert.Equal("All exporters are delivering telemetry.", health.Description);
        Assert.Equal(["traces-exporter", "metrics-exporter", "logs-exporter"], health.Components.Select(c => c.Name));
        Assert.All(health.Components, c => Assert.Equal(HealthState.Healthy, c.Status));
    }

    [Theory]
    [InlineData(0, 0, HealthState.Healthy)]
    [InlineData(0, 10, HealthState.Healthy)]
    [InlineData(1, 10, HealthState.Degraded)]
    [InlineData(2, 10, HealthState.Degraded)]
    [InlineData(3, 10, HealthState.Unhealthy)]
    [InlineData(7, 10, HealthState.Unhealthy)]
    [InlineData(1, 0, HealthState.Unhealthy)]
    [InlineData(2, 0, HealthState.Unhealthy)]
    public void Evaluate_ConsecutiveFailuresAndExported_GivesState(int consecutiveFailures, long exported, HealthState expected)
    {
        var traces = Signal(SignalType.Traces, consecutiveFailures, exported);

        var health = HealthEvaluator.Evaluate(Status(traces: traces), includeComponents: true);

        Assert.Equal(expected, health.Status);
        Assert.Equal(expected, health.Components.Single(c => c.Name == "traces-exporter").Status);
    }

    [Theory]
    [InlineData(false, HealthState.Degraded)]
    [InlineData(true, HealthState.Unhealthy)]
    public void Evaluate_OneFailureAfterSuccesses_IsUnhealthyOnlyWhenCredentialsWereRejected(bool credentialsRejected, HealthState expected)
    {
        var signal = Signal(SignalType.Logs, consecutiveFailures: 1, exported: 10) with
        {
            CredentialsRejected = credentialsRejected,
            LastFailureReason = credentialsRejected ? "HTTP 401 Unauthorized: credentials rejected by the backend" : "HTTP 503 Service Unavailable",
        };

        var component = HealthEvaluator.Evaluate(signal);

        Assert.Equal(expected, component.Status);
        Assert.Equal(expected, HealthEvaluator.Evaluate(Status(logs: signal), includeComponents: false).Status);
    }

    [Fact]
    public void Evaluate_ExportsSucceedButItemsDroppedWithinTheLastMinute_IsDegradedNamingTheReasons()
    {
        var signal = Signal(SignalType.Traces, consecutiveFailures: 0, exported: 10) with
        {
            IsDropping = true,
            LastDroppedAt = At,
            Dropped = 7,
            DroppedByReason = new Dictionary<string, long> { ["queue-full"] = 7 },
        };

        var component = HealthEvaluator.Evaluate(signal);

        Assert.Equal(HealthState.Degraded, component.Status);
        Assert.Contains("queue-full=7", component.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DropsOlderThanAMinute_IsHealthyAgain()
    {
        var signal = Signal(SignalType.Traces, consecutiveFailures: 0, exported: 10) with
        {
            IsDropping = false,
            LastDroppedAt = At,
            Dropped = 7,
        };

        Assert.Equal(HealthState.Healthy, HealthEvaluator.Evaluate(signal).Status);
    }

    [Fact]
    public void Evaluate_NoExportAttempted_ComponentSaysSo()
    {
        var component = HealthEvaluator.Evaluate(Signal(SignalType.Logs, consecutiveFailures: 0, exported: 0, attempts: 0));

        Assert.Equal(new ComponentHealth { Name = "logs-exporter", Status = HealthState.Healthy, Description = "no export attempted yet" }, component);
    }

    [Fact]
    public void Evaluate_DisabledSignal_IsNotListedAndDoesNotCount()
    {
        var failingButDisabled = Signal(SignalType.Metrics, consecutiveFailures: 5, exported: 0) with { Enabled = false };

        var health = HealthEvaluator.Evaluate(Status(metrics: failingButDisabled), includeComponents: true);

        Assert.Equal(HealthState.Healthy, health.Status);
        Assert.Equal(["traces-exporter", "logs-exporter"], health.Components.Select(c => c.Name));
    }

    [Fact]
    public void Evaluate_ComponentsNotRequested_ReturnsAnEmptyListButTheSameState()
    {
        var health = HealthEvaluator.Evaluate(Status(logs: Signal(SignalType.Logs, consecutiveFailures: 1, exported: 4)), includeComponents: false);

        Assert.Equal(HealthState.Degraded, health.Status);
        Assert.Empty(health.Components);
    }

    [Fact]
    public void Evaluate_Failing_DescriptionNamesTheComponentAndTheReason()
    {
        var traces = Signal(SignalType.Traces, consecutiveFailures: 2, exported: 8) with { LastFailureReason = "HTTP 503 Service Unavailable" };

        var health = HealthEvaluator.Evaluate(Status(traces: traces), includeComponents: true);

        Assert.Equal(HealthState.Degraded, health.Status);
        Assert.Contains("traces-exporter: 2 consecutive failed export(s)", health.Description, StringComparison.Ordinal);
        Assert.Contains("HTTP 503 Service Unavailable", health.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics-exporter", health.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("logs-exporter", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MixedComponents_WorstWinsAndEveryUnhealthyOneIsDescribed()
    {
        var traces = Signal(SignalType.Traces, consecutiveFailures: 1, exported: 3) with { LastFailureReason = "gRPC status UNAVAILABLE (14)" };
        var metrics = Signal(SignalType.Metrics, consecutiveFailures: 4, exported: 3) with { LastFailureReason = "HTTP 401 Unauthorized" };

        var health = HealthEvaluator.Evaluate(Status(traces: traces, metrics: metrics), includeComponents: true);

        Assert.Equal(HealthState.Unhealthy, health.Status);
        Assert.Equal(
            [HealthState.Degraded, HealthState.Unhealthy, HealthState.Healthy],
            health.Components.Select(c => c.Status));
        Assert.Contains("traces-exporter:", health.Description, StringComparison.Ordinal);
        Assert.Contains("UNAVAILABLE (14)", health.Description, StringComparison.Ordinal);
        Assert.Contains("metrics-exporter:", health.Description, StringComparison.Ordinal);
        Assert.Contains("HTTP 401 Unauthorized", health.Description, StringComparison.Ordinal);
    }

    private static TelemetryFlowStatus Status(bool initialized = true, SignalStatus? traces = null, SignalStatus? metrics = null, SignalStatus? logs = null) => new()
    {
        IsInitialized = initialized,
        SdkVersion = "0.1.0",
        ServiceName = "checkout",
        ServiceVersion = "1.0.0",
        Environment = "test",
        Endpoint = new Uri("http://127.0.0.1:4317"),
        Protocol = Protocol.Grpc,
        EnabledSignals = SignalType.All,
        Uptime = initialized ? TimeSpan.FromMinutes(1) : TimeSpan.Zero,
        Traces = traces ?? Signal(SignalType.Traces, 0, 10),
        Metrics = metrics ?? Signal(SignalType.Metrics, 0, 10),
        Logs = logs ?? Signal(SignalType.Logs, 0, 10),
    };

    private static SignalStatus Signal(SignalType signal, int consecutiveFailures, long exported, long? attempts = null) => new()
    {
        Signal = signal,
        Enabled = true,
        Recorded = exported + consecutiveFailures,
        Exported = exported,
        Failed = consecutiveFailures,
        ExportAttempts = attempts ?? (exported > 0 ? 1 : 0) + consecutiveFailures,
        ConsecutiveFailures = consecutiveFailures,
        LastSuccessAt = exported > 0 ? At : null,
        LastFailureAt = consecutiveFailures > 0 ? At.AddSeconds(1) : null,
        LastFailureReason = consecutiveFailures > 0 ? "the exporter reported a failure" : null,
    };
}
