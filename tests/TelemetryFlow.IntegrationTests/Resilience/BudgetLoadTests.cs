using System.Diagnostics;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;
using Xunit.Abstractions;

namespace TelemetryFlow.IntegrationTests.Resilience;

/// <summary>
/// Steady load behind the backend's per-key request limit (100 requests a minute in production), with the SDK's
/// default batch settings and request size cap. Batches grow as requests get scarce, so nearly everything arrives;
/// what does not is counted exactly. CI runs 12 s at the production rate; set
/// <c>TELEMETRYFLOW_LONG_SCENARIOS=1</c> for the full 2 minutes.
/// </summary>
[Collection(ResilienceScenarios.Name)]
public sealed class BudgetLoadTests(ITestOutputHelper output)
{
    private const int SpansPerSecond = 10_000;

    [Fact]
    public async Task TenThousandSpansPerSecond_Behind100RequestsPerMinute_AtLeast99PercentDeliveredAndExactAccounting()
    {
        var duration = Environment.GetEnvironmentVariable("TELEMETRYFLOW_LONG_SCENARIOS") == "1" ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(12);

        // The production limit, scaled to the run: 100 requests per minute.
        var window = duration < TimeSpan.FromMinutes(1) ? duration : TimeSpan.FromMinutes(1);
        var permits = (int)(100 * window.TotalMinutes);
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            CountSpansOnly = true,
            RateLimit = new OtlpRateLimit { PermitLimit = permits, Window = window },
        });
        var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1).WithTracesOnly());
        long sent;
        await using (client)
        {
            sent = await GenerateAsync(client, duration);
            Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(90)), "flush");
            var traces = client.GetStatus().Traces;
            var health = await client.GetHealthAsync();
            output.WriteLine($"sent {sent}, exported {traces.Exported}, dropped {traces.Dropped} ({ResilienceKit.DescribeDrops(traces)}), pending {traces.Pending}; requests {receiver.Requests.Count}, refused {receiver.RateLimitedRequestCount}; health {health.Status}");

            Assert.Equal(sent, traces.Recorded);
            Assert.Equal(0L, traces.Pending);
            Assert.Equal(traces.Exported, receiver.AcceptedSpanCount);
            Assert.Equal(sent - receiver.AcceptedSpanCount, traces.Dropped);
            Assert.Equal(traces.Dropped, traces.DroppedByReason.Values.Sum());
            Assert.True(receiver.AcceptedSpanCount >= sent * 0.99, $"{receiver.AcceptedSpanCount} of {sent} delivered");
            if (traces.Dropped > 0)
            {
                Assert.NotEqual(HealthState.Healthy, health.Status);
            }
        }
    }

    /// <summary>Emits spans at <see cref="SpansPerSecond"/>, paced by a timer; returns how many.</summary>
    private static async Task<long> GenerateAsync(TelemetryFlowClient client, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        long sent = 0;
        while (clock.Elapsed < duration && await timer.WaitForNextTickAsync())
        {
            var due = (long)(Math.Min(clock.Elapsed.TotalSeconds, duration.TotalSeconds) * SpansPerSecond);
            for (; sent < due; sent++)
            {
                client.StartSpan("load").End();
            }
        }

        return sent;
    }
}
