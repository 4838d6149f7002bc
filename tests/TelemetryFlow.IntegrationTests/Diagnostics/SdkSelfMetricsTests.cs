using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Diagnostics;

/// <summary>The SDK's own metrics, as the receiver got them with the app's, after exports and drops the test controls.</summary>
public sealed class SdkSelfMetricsTests
{
    private const string Scope = "TelemetryFlow.Sdk";

    [Fact]
    public async Task SelfMetrics_AfterRejectedAndDeliveredSpans_ReportExportedDroppedProcessedAndQueue()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1)
            .WithSignals(metrics: true, logs: false, traces: true)
            .WithRetry(enabled: false));
        receiver.EnqueueFailure(OtlpFailure.BadRequest().ForSignal(OtlpSignal.Traces));

        RecordSpans(client, 3);
        await client.FlushAsync();
        RecordSpans(client, 5);
        Assert.True(await client.FlushAsync());

        // Traces flush before metrics, so this export's self-metrics count every span outcome above.
        var exported = Latest(receiver, "otel.sdk.exporter.span.exported");
        var delivered = Assert.Single(exported, p => !p.Attributes.ContainsKey("error.type"));
        Assert.Equal(5, delivered.IntValue);
        Assert.Equal("otlp_http_span_exporter", delivered.Attributes["otel.component.type"]);
        Assert.Equal("otlp_http_span_exporter/0", delivered.Attributes["otel.component.name"]);
        Assert.Equal("127.0.0.1", delivered.Attributes["server.address"]);
        Assert.Equal((long)receiver.HttpEndpoint.Port, delivered.Attributes["server.port"]);
        Assert.Equal(3, Assert.Single(exported, p => Equals(p.Attributes.GetValueOrDefault("error.type"), "rejected")).IntValue);

        var dropped = Assert.Single(Latest(receiver, "telemetryflow.sdk.dropped"));
        Assert.Equal("traces", dropped.Attributes["telemetryflow.signal"]);
        Assert.Equal("export_rejected", dropped.Attributes["error.type"]);
        Assert.Equal(3, dropped.IntValue);

        Assert.Equal(8, Assert.Single(Latest(receiver, "otel.sdk.processor.span.processed")).IntValue);
        Assert.Equal(0, Assert.Single(Latest(receiver, "otel.sdk.processor.span.queue.size")).IntValue);
        Assert.Equal(client.Config.Batch.MaxQueueSize, Assert.Single(Latest(receiver, "otel.sdk.processor.span.queue.capacity")).IntValue);
        Assert.All(Latest(receiver, "telemetryflow.sdk.exporter.retries"), p => Assert.Equal(0, p.IntValue));
        if (client.Config.CircuitBreaker.Enabled)
        {
            var closed = Latest(receiver, "telemetryflow.sdk.circuit_breaker.state")
                .Where(p => p.IntValue == 1)
                .Select(p => $"{p.Attributes["telemetryflow.signal"]}:{p.Attributes["telemetryflow.circuit_breaker.state"]}");
            Assert.Equal(["metrics:closed", "traces:closed"], closed.Order());
        }

        // The metric exporter's own points: the first flush's export was delivered before this one was collected.
        Assert.True(await client.FlushAsync());
        var points = Latest(receiver, "otel.sdk.exporter.metric_data_point.exported");
        Assert.True(Assert.Single(points, p => !p.Attributes.ContainsKey("error.type")).IntValue > 0);
        Assert.All(receiver.Metrics.Where(m => m.Name.StartsWith("otel.sdk.", StringComparison.Ordinal)), m => Assert.Equal(Scope, m.ScopeName));
        Assert.DoesNotContain(receiver.Metrics, m => m.Name == "otel.sdk.exporter.log.exported");
    }

    [Fact]
    public async Task SelfMetrics_TransientFailureRetried_CountsTheRetry()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)
            .WithSignals(metrics: true, logs: true, traces: false)
            .WithRetry(enabled: true, maxAttempts: 3, initialBackoff: TimeSpan.FromMilliseconds(10), maxBackoff: TimeSpan.FromMilliseconds(10)));
        receiver.EnqueueFailure(OtlpFailure.Unavailable().ForSignal(OtlpSignal.Logs));

        client.LogInfo("retried once");
        Assert.True(await client.FlushAsync());

        // A flush exports metrics before logs: the next one carries the log export's outcome.
        Assert.True(await client.FlushAsync());

        var retries = Latest(receiver, "telemetryflow.sdk.exporter.retries");
        Assert.Equal(1, Assert.Single(retries, p => Equals(p.Attributes["telemetryflow.signal"], "logs") && Equals(p.Attributes["error.type"], "transient")).IntValue);
        Assert.Equal(1, Assert.Single(Latest(receiver, "otel.sdk.exporter.log.exported")).IntValue);
        Assert.Equal(1, Assert.Single(Latest(receiver, "otel.sdk.log.created")).IntValue);
    }

    [Fact]
    public async Task SelfMetrics_SwitchedOff_NothingFromTheSdkMeter()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc).WithMetricsOnly().WithSdkMetrics(false));

        client.IncrementCounter("orders.placed");
        Assert.True(await client.FlushAsync());

        Assert.Contains(receiver.Metrics, m => m.Name == "orders.placed");
        Assert.DoesNotContain(receiver.Metrics, m => m.ScopeName == Scope);
    }

    private static void RecordSpans(TelemetryFlowClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using (client.Span("work"))
            {
            }
        }
    }

    /// <summary>The points of the last export of <paramref name="name"/> (cumulative, so its totals so far).</summary>
    private static IReadOnlyList<ReceivedDataPoint> Latest(OtlpReceiver receiver, string name) =>
        receiver.Metrics.Last(m => m.Name == name).DataPoints;
}
