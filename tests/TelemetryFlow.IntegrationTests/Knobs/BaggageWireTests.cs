using System.Diagnostics;
using OpenTelemetry;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Knobs;

/// <summary>W3C baggage copied onto spans and logs: opt-in, filtered by key prefix, and still subject to redaction.</summary>
public sealed class BaggageWireTests
{
    [Fact]
    public async Task Baggage_WithPrefixes_IsCopiedOntoSpansAndLogsThatMatch()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        // What ASP.NET Core starts for a request carrying a sampled traceparent and a baggage header.
        using var incoming = new Activity("incoming").AddBaggage("tenant.region", "eu");
        incoming.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        incoming.Start();
        var previous = Baggage.Current;
        Baggage.Current = Baggage.Create(new Dictionary<string, string> { ["tenant.id"] = "acme", ["session"] = "s-1" });
        try
        {
            await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc).WithBaggageAttributes("tenant."));
            using (client.Span("work", attributes: [new("tenant.id", "set-by-the-app")]))
            {
                client.LogInfo("done");
            }

            Assert.True(await client.ShutdownAsync());
        }
        finally
        {
            Baggage.Current = previous;
        }

        var span = Assert.Single(await receiver.WaitForSpansAsync(1));
        Assert.Equal("set-by-the-app", span.Attributes["tenant.id"]);
        Assert.Equal("eu", span.Attributes["tenant.region"]);
        Assert.False(span.Attributes.ContainsKey("session"));

        var log = Assert.Single(await receiver.WaitForLogsAsync(1));
        Assert.Equal("acme", log.Attributes["tenant.id"]);
        Assert.Equal("eu", log.Attributes["tenant.region"]);
        Assert.False(log.Attributes.ContainsKey("session"));
    }

    [Fact]
    public async Task Baggage_NotOptedIn_IsNotCopied()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var previous = Baggage.Current;
        Baggage.Current = Baggage.Create(new Dictionary<string, string> { ["tenant.id"] = "acme" });
        try
        {
            await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1));
            using (client.Span("work"))
            {
                client.LogInfo("done");
            }

            Assert.True(await client.ShutdownAsync());
        }
        finally
        {
            Baggage.Current = previous;
        }

        Assert.False(Assert.Single(await receiver.WaitForSpansAsync(1)).Attributes.ContainsKey("tenant.id"));
        Assert.False(Assert.Single(await receiver.WaitForLogsAsync(1)).Attributes.ContainsKey("tenant.id"));
    }

    [Fact]
    public async Task Baggage_Copied_IsRedactedAndLimitedLikeAnyAttribute()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var previous = Baggage.Current;
        Baggage.Current = Baggage.Create(new Dictionary<string, string> { ["user.email"] = "jane.doe@example.com", ["note"] = new string('x', 500) });
        try
        {
            var builder = TestClients.Builder(receiver, Transport.Grpc).WithBaggageAttributes().WithPiiRedaction().WithLimits(attributeValueLength: 100);
            await using var client = TestClients.Start(builder);
            using (client.Span("work"))
            {
                client.LogInfo("done");
            }

            Assert.True(await client.ShutdownAsync());
        }
        finally
        {
            Baggage.Current = previous;
        }

        var span = Assert.Single(await receiver.WaitForSpansAsync(1));
        var log = Assert.Single(await receiver.WaitForLogsAsync(1));
        foreach (var attributes in new[] { span.Attributes, log.Attributes })
        {
            Assert.DoesNotContain("jane.doe@example.com", (string)attributes["user.email"]!);
            Assert.InRange(((string)attributes["note"]!).Length, 1, 100);
        }
    }
}
