using System.Runtime.InteropServices;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// A counter incremented on the hot path from many threads. One shared <see cref="Interlocked"/>
/// counter would bounce its cache line between cores on every call; stripes indexed by thread id
/// keep increments mostly core-local, and reads (status queries) add the stripes up.
/// </summary>
/// <remarks>
/// A thread's stripe is kept in a thread-static field: reading it is an inlined TLS load, where
/// <see cref="Environment.CurrentManagedThreadId"/> is a call on every increment (measured on the metric path).
/// </remarks>
internal sealed class StripedCounter
{
    private const int StripeCount = 16;
    private readonly PaddedLong[] _stripes = new PaddedLong[StripeCount];

    public long Value
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _stripes.Length; i++)
            {
                total += Volatile.Read(ref _stripes[i].Value);
            }

            return total;
        }
    }

    // The thread's stripe plus one, so that 0 means not chosen yet.
    [ThreadStatic]
    private static int t_stripe;

    public void Increment() => Interlocked.Increment(ref _stripes[Stripe()].Value);

    public void Add(long amount) => Interlocked.Add(ref _stripes[Stripe()].Value, amount);

    private static int Stripe()
    {
        var stripe = t_stripe;
        if (stripe == 0)
        {
            t_stripe = stripe = (Environment.CurrentManagedThreadId & (StripeCount - 1)) + 1;
        }

        return stripe - 1;
    }

    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct PaddedLong
    {
        [FieldOffset(0)]
        public long Value;
    }
}
