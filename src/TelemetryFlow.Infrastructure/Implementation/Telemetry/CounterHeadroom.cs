using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Keeps counters from wrapping. OpenTelemetry adds a counter's increments into a <see cref="long"/> per attribute
/// set without a check, so two increments of <see cref="long.MaxValue"/> export as -2 on a monotonic sum. Increments of
/// <see cref="LargeIncrement"/> or more are admitted here, out of the hot path, against a saturating running total per
/// counter (over all its attribute sets, so at least any one set's share); one that would take the total past
/// <see cref="LargeIncrementBudget"/> is refused whole and the caller drops and counts it (<c>value-out-of-range</c>).
/// </summary>
/// <remarks>
/// Increments below <see cref="LargeIncrement"/> are not tracked, so the common call stays free of any interlocked
/// operation. They keep the other half of the range: a series can still wrap only if its small increments alone pass
/// 2^62 (about 4.6 × 10^18), which takes more than 2^30 (about a billion) increments of nearly 2^32 each, or 4.6 × 10^12
/// increments of a million. That residual bound is documented, not enforced.
/// </remarks>
internal sealed class CounterHeadroom
{
    /// <summary>Increments at or above this (2^32) take the checked path.</summary>
    public const long LargeIncrement = 1L << 32;

    /// <summary>The most all large increments of one counter may add up to (2^62); the other 2^62 is left to small ones.</summary>
    public const long LargeIncrementBudget = 1L << 62;

    private readonly ConcurrentDictionary<Counter<long>, StrongBox<long>> _totals = new();
    private int _refusalReported;

    /// <summary>Admits a large increment to the counter's running total, or returns false (and admits nothing) when it would pass the budget.</summary>
    public bool TryAdmit(Counter<long> counter, long value)
    {
        var total = _totals.GetOrAdd(counter, static _ => new StrongBox<long>());
        while (true)
        {
            var current = Volatile.Read(ref total.Value);
            if (value > LargeIncrementBudget - current)
            {
                if (Interlocked.Exchange(ref _refusalReported, 1) == 0)
                {
                    TelemetryFlowEventSource.Log.CounterIncrementRefused(counter.Name, value);
                }

                return false;
            }

            if (Interlocked.CompareExchange(ref total.Value, current + value, current) == current)
            {
                return true;
            }
        }
    }
}
