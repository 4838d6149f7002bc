namespace TelemetryFlow.Testing.Internal.View;

/// <summary>The spans and logs of one trace, as far as they were received.</summary>
internal sealed class TraceGroup
{
    public TraceGroup(string traceId, IEnumerable<ReceivedSpan> spans, IEnumerable<ReceivedLog> logs)
    {
        TraceId = traceId;

        // An exporter that retried after a lost reply sends a span twice; show it once.
        Spans = spans.DistinctBy(s => s.SpanIdHex, StringComparer.Ordinal).ToList();
        Logs = [.. logs];
    }

    public string TraceId { get; }

    public IReadOnlyList<ReceivedSpan> Spans { get; }

    public IReadOnlyList<ReceivedLog> Logs { get; }

    /// <summary>Whether a span without a parent arrived: the trace's local root.</summary>
    public bool HasRoot => Spans.Any(s => s.IsRoot);

    /// <summary>Groups spans and logs by trace id, in the order each trace started; logs without a trace id are left out.</summary>
    public static IReadOnlyList<TraceGroup> From(IEnumerable<ReceivedSpan> spans, IEnumerable<ReceivedLog> logs)
    {
        var logsByTrace = logs.Where(l => l.TraceIdHex is not null).ToLookup(l => l.TraceIdHex!, StringComparer.Ordinal);
        var groups = spans
            .GroupBy(s => s.TraceIdHex, StringComparer.Ordinal)
            .Select(g => new TraceGroup(g.Key, g, logsByTrace[g.Key]))
            .ToList();
        var spanned = groups.Select(g => g.TraceId).ToHashSet(StringComparer.Ordinal);
        groups.AddRange(logsByTrace.Where(l => !spanned.Contains(l.Key)).Select(l => new TraceGroup(l.Key, [], l)));
        return [.. groups.OrderBy(g => g.Start).ThenBy(g => g.TraceId, StringComparer.Ordinal)];
    }

    internal ulong Start => Spans.Count == 0
        ? Logs.Select(l => l.Record.TimeUnixNano).DefaultIfEmpty().Min()
        : Spans.Min(s => s.Span.StartTimeUnixNano);

    /// <summary>The end of the trace's last span (a span's start when it ends before it); 0 without spans.</summary>
    internal ulong End => Spans.Count == 0 ? 0 : Spans.Max(s => Math.Max(s.Span.EndTimeUnixNano, s.Span.StartTimeUnixNano));
}
