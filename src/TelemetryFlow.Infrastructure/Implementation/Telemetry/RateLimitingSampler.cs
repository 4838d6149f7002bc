using OpenTelemetry.Trace;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Samples at most a number of traces per second, with bursts of up to one second's worth, among the traces another
/// sampler keeps. Lock-free: the next free slot is one timestamp moved forward by compare-and-swap (the generic cell rate
/// algorithm), so a span start costs a clock read and one interlocked operation. Placed under a parent-based sampler it
/// decides only for root spans; their children follow.
/// </summary>
/// <remarks>
/// A trace sampled out is not a drop: nothing was recorded, so status and the drop counts never see it.
/// <see cref="SampledOut"/> counts the traces the limit turned away.
/// </remarks>
internal sealed class RateLimitingSampler : Sampler
{
    private readonly Sampler _inner;
    private readonly TimeProvider _time;
    private readonly long _interval;
    private readonly long _burst;
    private long _nextSlot;
    private long _sampledOut;

    public RateLimitingSampler(Sampler inner, double tracesPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tracesPerSecond);
        _inner = inner;
        _time = time;
        _interval = Math.Max(1, (long)(time.TimestampFrequency / tracesPerSecond));

        // Credit for one second's worth of traces (at least one) may be used at once.
        _burst = (long)((Math.Max(1.0, tracesPerSecond) - 1) * _interval);
        _nextSlot = time.GetTimestamp();
        Description = FormattableString.Invariant($"RateLimitingSampler{{{tracesPerSecond}/s, {inner.Description}}}");
    }

    /// <summary>Traces the inner sampler kept and the limit turned away.</summary>
    public long SampledOut => Interlocked.Read(ref _sampledOut);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var result = _inner.ShouldSample(samplingParameters);
        if (result.Decision == SamplingDecision.Drop || TryTake())
        {
            return result;
        }

        Interlocked.Increment(ref _sampledOut);
        return new SamplingResult(SamplingDecision.Drop);
    }

    private bool TryTake()
    {
        var now = _time.GetTimestamp();
        while (true)
        {
            var slot = Volatile.Read(ref _nextSlot);
            if (now < slot - _burst)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _nextSlot, Math.Max(slot, now) + _interval, slot) == slot)
            {
                return true;
            }
        }
    }
}
