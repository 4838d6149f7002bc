using System.Diagnostics;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>The input limits, checked on what the receiver decoded and in status.</summary>
[Collection(SafetyScenarios.Name)]
public sealed class LimitsWireTests
{
    private const int ValueLength = 32;
    private const int AttributeCount = 4;
    private const int BodyLength = 64;
    private const int Cardinality = 3;

    [Fact]
    public async Task Limits_OversizedSpansLogsAndMetrics_AreCutOnTheWireAndCountedInStatus()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        // The platform's meters off: their attribute sets would overflow this tiny cardinality limit too.
        var builder = TestClients.Builder(receiver, Transport.Grpc).WithLimits(ValueLength, AttributeCount, BodyLength, Cardinality)
            .WithPlatformMetrics(PlatformMetrics.None);
        TelemetryFlowStatus status;
        await using (var client = TestClients.Start(builder))
        {
            var many = Enumerable.Range(0, 10).Select(i => new KeyValuePair<string, object?>($"attr.{i}", i)).ToList();
            many[0] = new("attr.0", new string('v', 100));
            using (client.Span("oversized", attributes: many))
            {
            }

            client.LogInfo(new string('b', 200), many);
            for (var user = 0; user < 10; user++)
            {
                client.IncrementCounter("logins", 1, new TagList { { "user", user } });
            }

            Assert.True(await client.ShutdownAsync());
            status = client.GetStatus();
        }

        var span = Assert.Single(await receiver.WaitForSpansAsync(1));
        Assert.Equal(["attr.0", "attr.1", "attr.2", "attr.3"], span.Attributes.Keys.Order());
        Assert.Equal(new string('v', ValueLength), span.Attributes["attr.0"]);

        var log = Assert.Single(await receiver.WaitForLogsAsync(1));
        Assert.Equal(new string('b', BodyLength), log.BodyText);
        Assert.Equal(AttributeCount, log.Attributes.Count);
        Assert.Equal(new string('v', ValueLength), log.Attributes["attr.0"]);

        var logins = (await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "logins"))).Last(m => m.Name == "logins");
        Assert.Equal(Cardinality + 1, logins.DataPoints.Count);
        var overflow = Assert.Single(logins.DataPoints, p => p.Attributes.ContainsKey("otel.metric.overflow"));
        Assert.Equal(true, overflow.Attributes["otel.metric.overflow"]);
        Assert.Equal(10 - Cardinality, overflow.IntValue);

        Assert.Equal((1, 6), (status.Traces.TruncatedAttributes, status.Traces.DroppedAttributes));
        Assert.Equal((1, 6, 1), (status.Logs.TruncatedAttributes, status.Logs.DroppedAttributes, status.Logs.TruncatedBodies));
        Assert.Equal(1, status.Metrics.MetricOverflows);
    }
}
