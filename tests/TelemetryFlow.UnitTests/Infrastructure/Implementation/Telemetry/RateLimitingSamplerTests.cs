using System.Diagnostics;
using OpenTelemetry.Trace;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Telemetry;

/// <summary>The traces-per-second sampler on a fake clock: a burst of one second's worth, then one trace per interval.</summary>
public sealed class RateLimitingSamplerTests
{
    [Fact]
    public void ShouldSample_BurstThenRefill_KeepsTheRate()
    {
        var clock = TestTime.Clock();
        var sampler = new RateLimitingSampler(new AlwaysOnSampler(), 10, clock);

        Assert.Equal(10, Take(sampler, 25));
        Assert.Equal(15, sampler.SampledOut);

        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(2, Take(sampler, 10));

        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(10, Take(sampler, 25));
    }

    [Fact]
    public void ShouldSample_FractionalRate_KeepsOneTracePerInterval()
    {
        var clock = TestTime.Clock();
        var sampler = new RateLimitingSampler(new AlwaysOnSampler(), 0.5, clock);

        Assert.Equal(1, Take(sampler, 5));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Take(sampler, 5));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, Take(sampler, 5));
    }

    [Fact]
    public void ShouldSample_InnerSamplerDrops_DoesNotSpendTheBudgetOrCountIt()
    {
        var sampler = new RateLimitingSampler(new AlwaysOffSampler(), 1, TestTime.Clock());

        Assert.Equal(0, Take(sampler, 5));
        Assert.Equal(0, sampler.SampledOut);
    }

    [Fact]
    public async Task ShouldSample_ManyThreadsAtOnce_KeepExactlyTheBurst()
    {
        var sampler = new RateLimitingSampler(new AlwaysOnSampler(), 1000, TestTime.Clock());
        using var start = new Barrier(8);

        var kept = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return Take(sampler, 500);
        })));

        Assert.Equal(1000, kept.Sum());
        Assert.Equal(3000, sampler.SampledOut);
    }

    private static int Take(RateLimitingSampler sampler, int count)
    {
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var parameters = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "span", ActivityKind.Internal);
            if (sampler.ShouldSample(parameters).Decision != SamplingDecision.Drop)
            {
                kept++;
            }
        }

        return kept;
    }
}
