using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Otlp.Metrics.V1;

namespace TelemetryFlow.IntegrationTests.Knobs;

/// <summary>Temporality, metric views and exponential histograms, as the receiver gets them.</summary>
public sealed class MetricKnobsWireTests
{
    [Theory]
    [InlineData(MetricTemporality.Cumulative, AggregationTemporality.Cumulative)]
    [InlineData(MetricTemporality.Delta, AggregationTemporality.Delta)]
    [InlineData(MetricTemporality.LowMemory, AggregationTemporality.Delta)]
    public async Task Temporality_Configured_IsWhatTheCounterAndHistogramCarry(MetricTemporality temporality, AggregationTemporality expected)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc).WithMetricsTemporality(temporality)))
        {
            client.IncrementCounter("orders", 2);
            client.RecordHistogram("latency", 5, "ms");
            Assert.True(await client.FlushAsync());
            client.IncrementCounter("orders", 3);
            Assert.True(await client.ShutdownAsync());
        }

        var metrics = await receiver.WaitForMetricsAsync(m => m.Count(x => x.Name == "orders") >= 2);
        Assert.All(metrics.Where(m => m.Name is "orders" or "latency"), m => Assert.Equal(expected, m.Temporality));
        var last = Assert.Single(metrics.Last(m => m.Name == "orders").DataPoints).IntValue;
        Assert.Equal(expected == AggregationTemporality.Delta ? 3 : 5, last);
    }

    [Fact]
    public async Task Temporality_FromTheOtelVariable_IsApplied()
    {
        var variables = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"] = "delta" };
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1).WithAutoConfiguration(name => variables.GetValueOrDefault(name))))
        {
            client.IncrementCounter("orders", 2);
            Assert.True(await client.ShutdownAsync());
        }

        var metrics = await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "orders"));
        Assert.Equal(AggregationTemporality.Delta, metrics.First(m => m.Name == "orders").Temporality);
    }

    [Fact]
    public async Task Views_DropRenameAttributesAndBuckets_ShapeTheExportedStreams()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestClients.Builder(receiver, Transport.Grpc)
            .WithMetricView(MetricView.DropInstrument("noise.*"))
            .WithMetricView(MetricView.Rename("orders", "shop.orders"))
            .WithMetricView(new MetricView { Instrument = "by.region", AttributeKeys = ["region"] })
            .WithMetricView(MetricView.Buckets("latency", 1, 10, 100))
            .WithMetricView(MetricView.Exponential("queue.wait"));
        await using (var client = TestClients.Start(builder))
        {
            client.IncrementCounter("noise.a", 1);
            client.IncrementCounter("noise.b", 1);
            client.IncrementCounter("orders", 4);
            client.IncrementCounter("by.region", 1, [new("region", "eu"), new("user", "u1")]);
            client.IncrementCounter("by.region", 1, [new("region", "eu"), new("user", "u2")]);
            client.RecordHistogram("latency", 5, "ms");
            client.RecordHistogram("queue.wait", 0.25, "s");
            client.RecordHistogram("other", 7, "ms");
            Assert.True(await client.ShutdownAsync());
        }

        var metrics = await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "other"));
        var names = metrics.Select(m => m.Name).ToHashSet();
        Assert.DoesNotContain("noise.a", names);
        Assert.DoesNotContain("noise.b", names);
        Assert.DoesNotContain("orders", names);
        Assert.Equal(4, Assert.Single(metrics.First(m => m.Name == "shop.orders").DataPoints).IntValue);

        var byRegion = Assert.Single(metrics.First(m => m.Name == "by.region").DataPoints);
        Assert.Equal(new Dictionary<string, object?> { ["region"] = "eu" }, byRegion.Attributes);
        Assert.Equal(2, byRegion.IntValue);

        var latency = metrics.First(m => m.Name == "latency");
        Assert.Equal(MetricKind.Histogram, latency.Kind);
        Assert.Equal([1.0, 10, 100], Assert.Single(latency.DataPoints).ExplicitBounds);

        var wait = metrics.First(m => m.Name == "queue.wait");
        Assert.Equal(MetricKind.ExponentialHistogram, wait.Kind);
        Assert.Equal(1UL, Assert.Single(wait.DataPoints).Count);

        Assert.Equal(MetricKind.Histogram, metrics.First(m => m.Name == "other").Kind);
    }

    [Fact]
    public async Task ExponentialHistograms_ByDefault_ApplyToHistogramsWithoutAView()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestClients.Builder(receiver, Transport.HttpV1)
            .WithExponentialHistograms()
            .WithMetricView(MetricView.Buckets("fixed", 1, 2));
        await using (var client = TestClients.Start(builder))
        {
            for (var i = 1; i <= 100; i++)
            {
                client.RecordHistogram("latency", i, "ms");
            }

            client.RecordHistogram("fixed", 1.5);
            client.IncrementCounter("orders");
            Assert.True(await client.ShutdownAsync());
        }

        var metrics = await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "fixed"));
        var latency = metrics.First(m => m.Name == "latency");
        Assert.Equal(MetricKind.ExponentialHistogram, latency.Kind);
        var point = Assert.Single(latency.DataPoints);
        Assert.Equal((100UL, 5050.0, 1.0, 100.0), (point.Count!.Value, point.Sum!.Value, point.Min!.Value, point.Max!.Value));
        var exponential = (ExponentialHistogramDataPoint)point.Point;
        Assert.Equal(100UL, exponential.Positive.BucketCounts.Aggregate(0UL, (sum, count) => sum + count) + exponential.ZeroCount);
        Assert.Equal(MetricKind.Histogram, metrics.First(m => m.Name == "fixed").Kind);
        Assert.Equal(MetricKind.Sum, metrics.First(m => m.Name == "orders").Kind);
    }
}
