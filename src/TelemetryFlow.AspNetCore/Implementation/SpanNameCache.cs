using System.Collections.Concurrent;

namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>
/// Server span names (<c>{method} {route template}</c>) built once per method and route instead of once per request.
/// </summary>
/// <remarks>
/// The middleware passes only known methods (see <see cref="HttpMethodNames"/>) and the app's route templates, so the
/// set is small; <see cref="Capacity"/> still bounds it, past which a name is built per request and not kept.
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
