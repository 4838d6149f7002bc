using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Knobs;

/// <summary>The traces-per-second sampler as the receiver sees it: whole traces kept or left out, nothing counted as dropped.</summary>
[Collection(IsolatedScenarios.Name)]
public sealed class SamplingWireTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TracesPerSecond_BeyondTheBurst_LeavesOutWholeTracesWithoutCountingDrops(bool fromVariable)
    {
        // One trace every 1000 s: the first root is sampled, the next four are not, and children follow their root.
        var variables = new Dictionary<string, string?> { ["OTEL_TRACES_SAMPLER"] = "parentbased_rate_limited", ["OTEL_TRACES_SAMPLER_ARG"] = "0.001" };
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestClients.Builder(receiver, Transport.Grpc);
        builder = fromVariable ? builder.WithAutoConfiguration(name => variables.GetValueOrDefault(name)) : builder.WithTracesPerSecond(0.001);
        TelemetryFlowStatus status;
        var sampled = new List<bool>();
        await using (var client = TestClients.Start(builder))
        {
            for (var i = 0; i < 5; i++)
            {
                var root = client.StartSpan("root");
                var child = client.StartSpan("child", parentSpanId: root.SpanId);
                sampled.Add(root.IsRecording);
                Assert.Equal(root.IsRecording, child.IsRecording);
                child.End();
                root.End();
            }

            Assert.True(await client.ShutdownAsync());
            status = client.GetStatus();
        }

        Assert.Equal([true, false, false, false, false], sampled);
        var spans = await receiver.WaitForSpansAsync(2);
        Assert.Equal(["child", "root"], spans.Select(s => s.Name).Order());
        Assert.Single(spans.Select(s => s.TraceIdHex).Distinct());
        Assert.Equal((2L, 0L), (status.Traces.Recorded, status.Traces.Dropped));
    }
}
