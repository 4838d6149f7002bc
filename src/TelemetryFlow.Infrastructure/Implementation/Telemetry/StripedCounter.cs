using System.Runtime.InteropServices;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// A counter incremented on the hot path from many threads. One shared <see cref="Interlocked"/>
/// counter would bounce its cache line between cores on every call; stripes indexed by thread id
/// keep increments mostly core-local, and reads (status queries) add the stripes up.
/// </summary>
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

    public void Increment() => Interlocked.Increment(ref _stripes[Environment.CurrentManagedThreadId & (StripeCount - 1)].Value);

    public void Add(long amount) => Interlocked.Add(ref _stripes[Environment.CurrentManagedThreadId & (StripeCount - 1)].Value, amount);

    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct PaddedLong
    {
        [FieldOffset(0)]
        public long Value;
    }
}
