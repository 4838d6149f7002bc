using System.Diagnostics;
using TelemetryFlow.Application.Traces;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Ends spans, and remembers spans started with <c>StartSpan</c> so <c>EndSpan(spanId)</c> can find
/// them. Bounded: when full, the oldest open span is ended (tagged <c>telemetryflow.span.evicted</c>)
/// and counted, so a span that is never ended cannot leak forever.
/// </summary>
internal sealed class SpanRegistry : ISpanOwner
{
    /// <summary>Default cap on spans started with <c>StartSpan</c> and not yet ended.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Activity>> _open = new(StringComparer.Ordinal);
    private readonly LinkedList<Activity> _order = new();
    private readonly int _capacity;
    private long _evicted;

    public SpanRegistry(int capacity = DefaultCapacity) => _capacity = capacity;

    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    public long EvictedCount => Interlocked.Read(ref _evicted);

    public void Track(Activity activity)
    {
        Activity? evicted = null;
        lock (_gate)
        {
            if (_open.Count >= _capacity && _order.First is { } oldest)
            {
                evicted = oldest.Value;
                _order.RemoveFirst();
                _open.Remove(evicted.SpanId.ToHexString());
            }

            _open[activity.SpanId.ToHexString()] = _order.AddLast(activity);
        }

        if (evicted is not null)
        {
            Interlocked.Increment(ref _evicted);
            evicted.SetTag("telemetryflow.span.evicted", true);
            Stop(evicted, exception: null);
        }
    }

    public bool TryGet(string spanId, out Activity activity)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(spanId, out var node))
            {
                activity = node.Value;
                return true;
            }
        }

        activity = null!;
        return false;
    }

    public bool EndById(string spanId, Exception? exception)
    {
        LinkedListNode<Activity>? node;
        lock (_gate)
        {
            if (!_open.Remove(spanId, out node))
            {
                return false;
            }

            _order.Remove(node);
        }

        Stop(node.Value, exception);
        return true;
    }

    public void End(Activity activity, Exception? exception)
    {
        lock (_gate)
        {
            if (_open.Count > 0 && _open.Remove(activity.SpanId.ToHexString(), out var node))
            {
                _order.Remove(node);
            }
        }

        Stop(activity, exception);
    }

    /// <summary>Ends every open span; used at shutdown so nothing started is lost.</summary>
    public void EndAll()
    {
        Activity[] open;
        lock (_gate)
        {
            open = [.. _order];
            _open.Clear();
            _order.Clear();
        }

        foreach (var activity in open)
        {
            Stop(activity, exception: null);
        }
    }

    private static void Stop(Activity activity, Exception? exception)
    {
        if (activity.IsStopped)
        {
            return;
        }

        if (exception is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity.AddException(exception);
        }

        activity.Stop();
    }
}
