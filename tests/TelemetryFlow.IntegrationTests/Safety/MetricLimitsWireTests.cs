using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>The metric limits (stream limit, name rule, counter headroom) and attribute keys, checked on the wire and in status.</summary>
[Collection(SafetyScenarios.Name)]
public sealed class MetricLimitsWireTests
{
    private const int MaxStreams = 5;

    [Fact]
    public async Task StreamLimit_NamesBeyondIt_AreDroppedCountedAndLoggedOnce()
    {
        using var diagnostics = new DiagnosticEvents();
        await using var receiver = await OtlpReceiver.StartAsync();
        TelemetryFlowStatus status;
        // The platform's meters off keeps the receiver's view to the app's names (their streams are reserved apart).
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc).WithLimits(maxMetricStreams: MaxStreams).WithPlatformMetrics(PlatformMetrics.None)))
        {
            for (var i = 0; i < MaxStreams + 3; i++)
            {
                client.IncrementCounter("names." + i, 1);
            }

            client.IncrementCounter("names.0", 1);
            client.RecordGauge("names.7", 1);
            client.RecordHistogram("names.6", 1, "ms");

            Assert.True(await client.ShutdownAsync());
            status = client.GetStatus();
        }

        var names = (await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "names.4"))).Where(m => m.ScopeName == "TelemetryFlow").Select(m => m.Name).Distinct().Order();
        Assert.Equal(Enumerable.Range(0, MaxStreams).Select(i => "names." + i), names);
        Assert.Equal(6, status.Metrics.Recorded);
        Assert.Equal(5, status.Metrics.Dropped);
        Assert.Equal(5, status.Metrics.DroppedByReason["metric-limit"]);
        Assert.Single(diagnostics.Captured, c => c.Event.EventSource.Name == DiagnosticEvents.SourceName && c.Event.EventId == 11);
    }

    [Fact]
    public async Task StreamLimit_PlatformMetersOn_DoNotTakeTheAppsStreams()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        TelemetryFlowStatus status;

        // The runtime's meter alone has about 25 instruments, created when the client starts, before the app's first
        // metric: without a reserve of their own they would fill a limit of 5 (plus the SDK's self-metrics' reserve).
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc).WithLimits(maxMetricStreams: MaxStreams)))
        {
            using (var http = new HttpClient())
            {
                using var response = await http.GetAsync(new Uri(receiver.HttpEndpoint, "stream-limit-probe"));
            }

            for (var i = 0; i < MaxStreams; i++)
            {
                client.IncrementCounter("names." + i, 1);
            }

            Assert.True(await client.ShutdownAsync());
            status = client.GetStatus();
        }

        var metrics = await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "names." + (MaxStreams - 1)));
        var names = metrics.Where(m => m.ScopeName == "TelemetryFlow").Select(m => m.Name).Distinct().Order();
        Assert.Equal(Enumerable.Range(0, MaxStreams).Select(i => "names." + i), names);
        Assert.Contains(metrics, m => m.Name == "dotnet.gc.collections");
        Assert.Contains(metrics, m => m.Name == "http.client.request.duration");
        Assert.Equal(0, status.Metrics.Dropped);
    }

    [Fact]
    public async Task Counter_LongMaxValueTwice_NeverWrapsOnTheWireAndIsCounted()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        TelemetryFlowStatus status;
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)))
        {
            client.IncrementCounter("c", 5);
            client.IncrementCounter("c", long.MaxValue);
            client.IncrementCounter("c", long.MaxValue);
            client.IncrementCounter("big", 1L << 62);
            client.IncrementCounter("big", 1);
            Assert.True(await client.FlushAsync());
            client.IncrementCounter("c", long.MaxValue);
            Assert.True(await client.ShutdownAsync());
            status = client.GetStatus();
        }

        var metrics = await receiver.WaitForMetricsAsync(m => m.Count(x => x.Name == "c") >= 2);
        var sums = metrics.Where(m => m.Name == "c").Select(m => Assert.Single(m.DataPoints).IntValue).ToList();
        Assert.All(sums, s => Assert.Equal(5, s));
        Assert.All(metrics.Where(m => m.Name == "c"), m => Assert.True(m.IsMonotonic));
        Assert.Equal((1L << 62) + 1, Assert.Single(metrics.Last(m => m.Name == "big").DataPoints).IntValue);
        Assert.Equal(3, status.Metrics.DroppedByReason["value-out-of-range"]);
        Assert.Equal(3, status.Metrics.Recorded);
    }

    [Theory]
    [InlineData("1orders")]
    [InlineData("orders placed")]
    [InlineData("orders\r\nplaced")]
    public async Task Client_NameBreakingTheInstrumentNameRule_Throws(string name)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc));

        Assert.Throws<ArgumentException>(() => client.IncrementCounter(name));
        Assert.Throws<ArgumentException>(() => client.RecordHistogram(name, 1));
        Assert.Throws<ArgumentException>(() => client.IncrementCounter("a" + new string('b', 255)));
        Assert.Throws<ArgumentException>(() => client.RecordHistogram("latency", 1, "ms\r\n"));
        Assert.Equal(0, client.GetStatus().Metrics.Recorded);
    }

    [Fact]
    public async Task AttributeKeys_TooLongOrWithLineBreaks_NeverReachTheReceiverAndAreCounted()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        TelemetryFlowStatus status;
        var megabyteKey = new string('k', 1024 * 1024);
        List<KeyValuePair<string, object?>> attributes = [new("ok", 1), new(megabyteKey, 2), new("line\r\nbreak", 3)];
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)))
        {
            var span = client.StartSpan("keys", attributes: attributes);
            client.AddSpanEvent(span.SpanId, "event", attributes);
            client.EndSpan(span.SpanId);
            client.LogInfo("keys", attributes);
            Assert.True(await client.ShutdownAsync());
            status = client.GetStatus();
        }

        var received = Assert.Single(await receiver.WaitForSpansAsync(1));
        Assert.Equal(["ok"], received.Attributes.Keys);
        Assert.Equal(["ok"], Assert.Single(received.Span.Events).Attributes.Select(a => a.Key));
        var log = Assert.Single(await receiver.WaitForLogsAsync(1));
        Assert.Contains("ok", log.Attributes.Keys);
        Assert.DoesNotContain(log.Attributes.Keys, k => k.Length > 256 || k.Contains('\n', StringComparison.Ordinal));
        Assert.Equal((4, 0), (status.Traces.RejectedAttributeKeys, status.Traces.DroppedAttributes));
        Assert.Equal((2, 0), (status.Logs.RejectedAttributeKeys, status.Logs.DroppedAttributes));
    }
}
