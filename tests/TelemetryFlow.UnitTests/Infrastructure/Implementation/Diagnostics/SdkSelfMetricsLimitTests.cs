using TelemetryFlow.Infrastructure.Implementation.Diagnostics;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Diagnostics;

public sealed class SdkSelfMetricsLimitTests
{
    [Theory]
    [InlineData("otel.sdk.exporter.span.exported")]
    [InlineData("otel.sdk.exporter.metric_data_point.exported")]
    [InlineData("telemetryflow.sdk.dropped")]
    [InlineData("telemetryflow.sdk.exporter.retries")]
    public void LimitOf_CountsByReason_KeepTheWideLimit(string name) =>
        Assert.Equal(SdkSelfMetrics.CardinalityLimit, SdkSelfMetrics.LimitOf(name));

    [Theory]
    [InlineData("otel.sdk.processor.span.queue.size")]
    [InlineData("otel.sdk.processor.log.processed")]
    [InlineData("telemetryflow.sdk.circuit_breaker.state")]
    [InlineData("telemetryflow.sdk.disk_buffer.items")]
    public void LimitOf_FixedSets_TakeTheSmallLimit(string name) =>
        Assert.Equal(SdkSelfMetrics.FixedCardinalityLimit, SdkSelfMetrics.LimitOf(name));
}
