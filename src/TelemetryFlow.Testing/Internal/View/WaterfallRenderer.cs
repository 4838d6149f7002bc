using TelemetryFlow.Testing.Otlp.Trace.V1;

namespace TelemetryFlow.Testing.Internal.View;

/// <summary>
/// Draws one trace as a waterfall: a heading, then one line per span (its name nested under its parent, a bar placed and
/// scaled on the trace's time line, its duration), and under each span its error, events and logs, in time order.
/// </summary>
internal static class WaterfallRenderer
{
    public const int MinWidth = 40;
    private const char BarCell = '█';
    private const string ErrorMark = "✘";
    private const int DurationWidth = 8;

    public static IReadOnlyList<ViewLine> Render(TraceGroup trace, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinWidth);
        var lines = new List<ViewLine> { new(ViewText.Fit(Heading(trace), width), ViewStyle.Heading) };
        if (trace.Spans.Count == 0)
        {
            lines.AddRange(trace.Logs.OrderBy(l => l.Record.TimeUnixNano).Select(l => LogLine("  ", l, width)));
            return lines;
        }

        var ids = trace.Spans.Select(s => s.SpanIdHex).ToHashSet(StringComparer.Ordinal);
        var children = trace.Spans
            .Where(s => s.ParentSpanIdHex is { } parent && ids.Contains(parent))
            .ToLookup(s => s.ParentSpanIdHex!, StringComparer.Ordinal);
        var roots = Ordered(trace.Spans.Where(s => s.ParentSpanIdHex is not { } parent || !ids.Contains(parent)));
        var logsBySpan = trace.Logs.Where(l => l.SpanIdHex is { } id && ids.Contains(id)).ToLookup(l => l.SpanIdHex!, StringComparer.Ordinal);

        var nodes = new List<(ReceivedSpan Span, string Label, string ChildPrefix)>();
        var placed = new HashSet<ReceivedSpan>(ReferenceEqualityComparer.Instance);
        foreach (var root in roots)
        {
            Walk(root, string.Empty, string.Empty);
        }

        // Spans no root reaches (a parent cycle from a broken exporter, a span naming itself as parent) are drawn as
        // roots of their own, so every span received is shown once and nothing recurses forever.
        foreach (var span in Ordered(trace.Spans))
        {
            if (!placed.Contains(span))
            {
                Walk(span, string.Empty, string.Empty);
            }
        }

        var (start, end) = (trace.Start, trace.End);
        var labelWidth = Math.Clamp(nodes.Max(n => n.Label.Length), 12, width * 2 / 5);
        var barWidth = width - labelWidth - DurationWidth - 2;
        foreach (var (span, label, childPrefix) in nodes)
        {
            var bar = Bar(span.Span.StartTimeUnixNano - start, Math.Max(span.Span.EndTimeUnixNano, span.Span.StartTimeUnixNano) - start, end - start, barWidth);
            var text = $"{ViewText.Cell(label, labelWidth)} {bar} {ViewText.Duration(Length(span)).PadLeft(DurationWidth)}";
            lines.Add(new(text, IsError(span) ? ViewStyle.ErrorSpan : ViewStyle.Span));
            var detailPrefix = childPrefix + (children[span.SpanIdHex].Any() ? "│  " : "   ");
            lines.AddRange(Details(span, logsBySpan[span.SpanIdHex], detailPrefix, width));
        }

        var unplaced = trace.Logs.Where(l => l.SpanIdHex is not { } id || !ids.Contains(id)).OrderBy(l => l.Record.TimeUnixNano).ToList();
        if (unplaced.Count > 0)
        {
            lines.Add(new(ViewText.Fit("logs of this trace from spans not received:", width), ViewStyle.Detail));
            lines.AddRange(unplaced.Select(l => LogLine("   ", l, width)));
        }

        return lines;

        void Walk(ReceivedSpan span, string linePrefix, string childPrefix)
        {
            placed.Add(span);
            nodes.Add((span, linePrefix + span.Name + (IsError(span) ? " " + ErrorMark : string.Empty), childPrefix));
            var kids = Ordered(children[span.SpanIdHex].Where(kid => !placed.Contains(kid)));
            for (var i = 0; i < kids.Count; i++)
            {
                var last = i == kids.Count - 1;
                Walk(kids[i], childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "));
            }
        }
    }

    public static bool IsError(ReceivedSpan span) => span.StatusCode == Status.Types.StatusCode.Error;

    private static List<ReceivedSpan> Ordered(IEnumerable<ReceivedSpan> spans) =>
        [.. spans.OrderBy(s => s.Span.StartTimeUnixNano).ThenBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.SpanIdHex, StringComparer.Ordinal)];

    private static ulong Length(ReceivedSpan span) =>
        span.Span.EndTimeUnixNano > span.Span.StartTimeUnixNano ? span.Span.EndTimeUnixNano - span.Span.StartTimeUnixNano : 0;

    private static string Heading(TraceGroup trace)
    {
        var services = trace.Spans.Select(s => s.ServiceName).Concat(trace.Logs.Select(l => l.ServiceName))
            .Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToList();
        // The id's first 8 characters, like a short commit hash: enough to find the trace; --json has it in full.
        var parts = new List<string> { $"trace {ShortId(trace.TraceId)}" };
        if (trace.Spans.Where(s => s.IsRoot).MinBy(s => s.Span.StartTimeUnixNano) is { } root)
        {
            parts.Add(root.Name);
        }

        if (services.Count > 0)
        {
            parts.Add(string.Join(", ", services));
        }

        parts.Add(OtlpSummary.Plural(trace.Spans.Count, "span"));
        if (trace.Logs.Count > 0)
        {
            parts.Add(OtlpSummary.Plural(trace.Logs.Count, "log"));
        }

        var errors = trace.Spans.Count(IsError);
        if (errors > 0)
        {
            parts.Add($"{OtlpSummary.Plural(errors, "error")} {ErrorMark}");
        }

        if (trace.Spans.Count > 0)
        {
            var (start, end) = (trace.Start, trace.End);
            parts.Add(ViewText.Duration(end - start));
            if (!trace.HasRoot)
            {
                parts.Add("root span not received");
            }
        }

        return string.Join(" · ", parts);
    }

    public static string ShortId(string id) => id.Length <= 8 ? id : id[..8];

    /// <summary>
    /// The span's cells on a time line of <paramref name="cells"/> cells for <paramref name="total"/> nanoseconds: from
    /// the cell its start falls in to the cell its end falls in, at least one cell however short.
    /// </summary>
    private static string Bar(ulong from, ulong to, ulong total, int cells)
    {
        int first;
        int last;
        if (total == 0)
        {
            (first, last) = (0, cells);
        }
        else
        {
            first = (int)Math.Min(cells - 1, Math.Floor((double)from * cells / total));
            last = (int)Math.Min(cells, Math.Ceiling((double)to * cells / total));
            last = Math.Max(last, first + 1);
        }

        return new string(' ', first) + new string(BarCell, last - first) + new string(' ', cells - last);
    }

    private static IEnumerable<ViewLine> Details(ReceivedSpan span, IEnumerable<ReceivedLog> logs, string prefix, int width)
    {
        if (IsError(span))
        {
            var exception = span.EventAttributes("exception");
            var message = span.StatusMessage.Length > 0
                ? span.StatusMessage
                : exception?.GetValueOrDefault("exception.message") as string ?? "error";
            var type = exception?.GetValueOrDefault("exception.type") is string name ? name + ": " : string.Empty;
            yield return new(ViewText.Fit($"{prefix}{ErrorMark} {type}{message}", width), ViewStyle.Error);
        }

        var items = span.Span.Events
            .Where(e => !string.Equals(e.Name, "exception", StringComparison.Ordinal) || !IsError(span))
            .Select(e => (Time: e.TimeUnixNano, Line: new ViewLine(EventText(prefix, e), ViewStyle.Detail)))
            .Concat(logs.Select(l => (Time: l.Record.TimeUnixNano, Line: LogLine(prefix, l, width))))
            .OrderBy(i => i.Time);
        foreach (var (_, line) in items)
        {
            yield return line with { Text = ViewText.Fit(line.Text, width) };
        }
    }

    private static string EventText(string prefix, Span.Types.Event e)
    {
        var attributes = ViewText.Attributes(OtlpValues.ToDictionary(e.Attributes));
        return $"{prefix}◆ {e.Name}{(attributes.Length == 0 ? string.Empty : " " + attributes)}";
    }

    internal static ViewLine LogLine(string prefix, ReceivedLog log, int width)
    {
        var text = $"{prefix}▸ {ViewText.Severity(log),-5} {log.BodyText ?? log.EventName}";
        return new(ViewText.Fit(text, width), ViewText.IsError(log) ? ViewStyle.ErrorLog : ViewStyle.Log);
    }
}
