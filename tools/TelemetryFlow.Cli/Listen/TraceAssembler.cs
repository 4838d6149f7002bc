using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Internal.View;

namespace TelemetryFlow.Cli.Listen;

/// <summary>
/// Turns batches as they arrive into things to print. Spans and logs arrive in separate requests, a trace's spans in
/// as many batches as its exporter made, so a trace waits before it is printed:
/// <list type="bullet">
/// <item><description>a trace whose root span (one without a parent) arrived is printed once nothing new arrived for it
/// during the quiet period (its last spans and logs are usually in the same or the next batch);</description></item>
/// <item><description>a trace whose root never arrives (its parent is in another service, or was dropped) is printed
/// as it is once the orphan timeout has passed since its first item; no trace waits longer than that, so one that
/// keeps receiving spans is printed in parts;</description></item>
/// <item><description>a log of a trace already printed is printed on its own, marked late; a log without a trace id at
/// once; metrics as a table of the streams in each export, at once.</description></item>
/// </list>
/// Time comes from a <see cref="TimeProvider"/>, so tests move it by hand.
/// </summary>
internal sealed class TraceAssembler(TimeSpan quietPeriod, TimeSpan orphanTimeout, TimeProvider time)
{
    // An orphan never waits less than a trace with its root.
    private readonly TimeSpan _orphanTimeout = orphanTimeout > quietPeriod ? orphanTimeout : quietPeriod;

    // Enough to recognise late logs of recent traces without growing for ever.
    private const int PrintedTracesRemembered = 10_000;

    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _printed = new(StringComparer.Ordinal);
    private readonly Queue<string> _printedOrder = new();

    public int PendingCount => _pending.Count;

    /// <summary>Takes one batch in; returns what is to be printed at once (metrics, logs on their own).</summary>
    public IReadOnlyList<ListenItem> Add(ReceivedBatch batch)
    {
        var now = time.GetUtcNow();
        var items = new List<ListenItem>();
        foreach (var span in batch.Spans)
        {
            PendingFor(span.TraceIdHex, now).Spans.Add(span);
        }

        foreach (var log in batch.Logs)
        {
            if (log.TraceIdHex is not { } traceId)
            {
                items.Add(new LogItem(log, Late: false));
            }
            else if (!_pending.ContainsKey(traceId) && _printed.Contains(traceId))
            {
                items.Add(new LogItem(log, Late: true));
            }
            else
            {
                PendingFor(traceId, now).Logs.Add(log);
            }
        }

        if (batch.Metrics.Count > 0)
        {
            items.Add(new MetricsItem(MetricStream.Latest(batch.Metrics)));
        }

        return items;
    }

    /// <summary>The traces due now, in the order they started.</summary>
    public IReadOnlyList<TraceItem> TakeDue() => Take(p => IsDue(p, time.GetUtcNow()));

    /// <summary>Every trace still waiting, e.g. when listening stops.</summary>
    public IReadOnlyList<TraceItem> TakeAll() => Take(_ => true);

    /// <summary>How long until the next trace may be due; <see langword="null"/> when none is waiting.</summary>
    public TimeSpan? NextDue()
    {
        if (_pending.Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var next = _pending.Values.Min(p => p.HasRoot ? Min(p.LastActivity + quietPeriod, p.FirstSeen + _orphanTimeout) : p.FirstSeen + _orphanTimeout);
        return next <= now ? TimeSpan.Zero : next - now;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private bool IsDue(Pending pending, DateTimeOffset now) =>
        (pending.HasRoot && now - pending.LastActivity >= quietPeriod) || now - pending.FirstSeen >= _orphanTimeout;

    private Pending PendingFor(string traceId, DateTimeOffset now)
    {
        if (!_pending.TryGetValue(traceId, out var pending))
        {
            pending = new Pending(now);
            _pending.Add(traceId, pending);
        }

        pending.LastActivity = now;
        return pending;
    }

    private List<TraceItem> Take(Func<Pending, bool> due)
    {
        var taken = _pending.Where(p => due(p.Value)).ToList();
        foreach (var (traceId, _) in taken)
        {
            _pending.Remove(traceId);
            Remember(traceId);
        }

        return [.. taken
            .Select(p => new TraceGroup(p.Key, p.Value.Spans, p.Value.Logs))
            .OrderBy(t => t.Start)
            .ThenBy(t => t.TraceId, StringComparer.Ordinal)
            .Select(t => new TraceItem(t))];
    }

    private void Remember(string traceId)
    {
        if (!_printed.Add(traceId))
        {
            return;
        }

        _printedOrder.Enqueue(traceId);
        if (_printedOrder.Count > PrintedTracesRemembered)
        {
            _printed.Remove(_printedOrder.Dequeue());
        }
    }

    private sealed class Pending(DateTimeOffset firstSeen)
    {
        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public DateTimeOffset LastActivity { get; set; } = firstSeen;

        public List<ReceivedSpan> Spans { get; } = [];

        public List<ReceivedLog> Logs { get; } = [];

        public bool HasRoot => Spans.Any(s => s.IsRoot);
    }
}
