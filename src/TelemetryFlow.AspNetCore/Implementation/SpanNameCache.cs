using System.Collections.Concurrent;

namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>
/// Server span names (<c>{method} {route template}</c>) built once per method and route instead of once per request.
/// </summary>
/// <remarks>
/// Bounded: an app has a fixed set of route templates, but a client can send any method name, so past
/// <see cref="Capacity"/> names a new pair is built per request and not kept.
/// </remarks>
internal sealed class SpanNameCache
{
    internal const int Capacity = 1024;

    private readonly ConcurrentDictionary<(string Method, string Route), string> _names = new();
    private int _count;

    public string Get(string method, string route)
    {
        if (_names.TryGetValue((method, route), out var name))
        {
            return name;
        }

        name = string.Concat(method, " ", route);
        if (Volatile.Read(ref _count) < Capacity && _names.TryAdd((method, route), name))
        {
            Interlocked.Increment(ref _count);
        }

        return name;
    }
}
