using System.Globalization;
using System.Text;
using TelemetryFlow.Testing.Otlp.Logs.V1;

namespace TelemetryFlow.Testing.Internal;

/// <summary>Renders received telemetry for people: newcomers reading a sample's console, or a failing test's message.</summary>
internal static class OtlpSummary
{
    private const string Indent = "  ";

    public static string Write(
        Uri grpcEndpoint,
        Uri httpEndpoint,
        IReadOnlyList<ReceivedRequest> requests,
        IReadOnlyList<ReceivedSpan> spans,
        IReadOnlyList<ReceivedMetric> metrics,
        IReadOnlyList<ReceivedLog> logs,
        bool spansCountedOnly)
    {
        var text = new StringBuilder();
        var rejected = requests.Where(r => !r.Accepted).ToArray();
        text.AppendLine(CultureInfo.InvariantCulture, $"OTLP receiver (gRPC {grpcEndpoint}, HTTP {httpEndpoint})");
        text.AppendLine(CultureInfo.InvariantCulture, $"{Plural(requests.Count, "request")} received, {requests.Count - rejected.Length} accepted, {rejected.Length} not accepted");

        text.AppendLine();
        var spanItems = spansCountedOnly
            ? $"{Plural(requests.Where(r => r.Signal == OtlpSignal.Traces && r.Accepted).Sum(r => (long)r.ItemCount), "span")} (counted only, not decoded)"
            : Plural(spans.Count, "span");
        AppendHeader(text, "Traces", OtlpSignal.Traces, requests, spanItems, spans.Select(s => s.ServiceName));
        foreach (var (span, depth) in OrderAsTraceTrees(spans))
        {
            text.Append(Indent).Append(' ', depth * Indent.Length).AppendLine(Describe(span));
        }

        text.AppendLine();
        AppendHeader(text, "Metrics", OtlpSignal.Metrics, requests, Plural(metrics.Count, "metric"), metrics.Select(m => m.ServiceName));
        foreach (var metric in metrics)
        {
            AppendMetric(text, metric);
        }

        text.AppendLine();
        AppendHeader(text, "Logs", OtlpSignal.Logs, requests, Plural(logs.Count, "log record"), logs.Select(l => l.ServiceName));
        foreach (var log in logs)
        {
            text.Append(Indent).AppendLine(Describe(log));
        }

        if (rejected.Length > 0)
        {
            text.AppendLine();
            text.AppendLine("Not accepted:");
            foreach (var request in rejected)
            {
                text.Append(Indent).AppendLine(request.ToString());
            }
        }

        return text.ToString().TrimEnd();
    }

    public static string Describe(ReceivedSpan span)
    {
        var text = new StringBuilder()
            .Append(span.Name)
            .Append(" [").Append(span.Kind).Append(']')
            .Append(" trace=").Append(span.TraceIdHex)
            .Append(" span=").Append(span.SpanIdHex)
            .Append(" parent=").Append(span.ParentSpanIdHex ?? "-")
            .Append(" status=").Append(span.StatusCode);
        if (span.StatusMessage.Length > 0)
        {
            text.Append(" (").Append(span.StatusMessage).Append(')');
        }

        text.Append(' ').Append(FormatDuration(span.Duration));
        if (span.Span.Events.Count > 0)
        {
            text.Append(" events=[").AppendJoin(", ", span.EventNames).Append(']');
        }

        return AppendAttributes(text, span.Attributes).ToString();
    }

    public static string Describe(ReceivedMetric metric)
    {
        var text = new StringBuilder();
        AppendMetric(text, metric, indent: string.Empty);
        return text.ToString().TrimEnd();
    }

    public static string Describe(ReceivedLog log)
    {
        var text = new StringBuilder()
            .Append(SeverityLabel(log.Record.SeverityNumber, log.SeverityText).PadRight(5))
            .Append(' ')
            .Append(log.BodyText ?? "(no body)");
        if (log.EventName.Length > 0)
        {
            text.Append(" event=").Append(log.EventName);
        }

        AppendAttributes(text, log.Attributes);
        if (log.TraceIdHex is not null)
        {
            text.Append(" trace=").Append(log.TraceIdHex).Append(" span=").Append(log.SpanIdHex ?? "-");
        }

        return text.ToString();
    }

    private static void AppendHeader(StringBuilder text, string title, OtlpSignal signal, IReadOnlyList<ReceivedRequest> requests, string items, IEnumerable<string?> serviceNames)
    {
        var ofSignal = requests.Where(r => r.Signal == signal).ToArray();
        if (ofSignal.Length == 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{title}: nothing received");
            return;
        }

        var transports = string.Join(", ", ofSignal.GroupBy(r => r.Transport).Select(g => $"{(g.Key == OtlpTransport.Grpc ? "gRPC" : "HTTP")} ({g.Count()})"));
        var services = serviceNames.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var service = services.Length == 0 ? "(no service.name)" : string.Join(", ", services);
        text.AppendLine(CultureInfo.InvariantCulture, $"{title}: {items} from {Plural(ofSignal.Length, "request")} via {transports}; service.name: {service}");
    }

    private static void AppendMetric(StringBuilder text, ReceivedMetric metric, string indent = Indent)
    {
        text.Append(indent).Append(metric.Name);
        if (metric.Unit.Length > 0)
        {
            text.Append(" (").Append(metric.Unit).Append(')');
        }

        text.Append(' ').Append(metric.Kind);
        if (metric.IsMonotonic)
        {
            text.Append(" monotonic");
        }

        if (metric.Temporality != Otlp.Metrics.V1.AggregationTemporality.Unspecified)
        {
            text.Append(' ').Append(metric.Temporality.ToString().ToLowerInvariant());
        }

        text.Append(':');
        if (metric.DataPoints.Count == 0)
        {
            text.AppendLine(" no data points");
            return;
        }

        if (metric.DataPoints.Count == 1)
        {
            text.Append(' ').AppendLine(DescribePoint(metric.DataPoints[0]));
            return;
        }

        text.AppendLine();
        foreach (var point in metric.DataPoints)
        {
            text.Append(indent).Append(Indent).AppendLine(DescribePoint(point));
        }
    }

    private static string DescribePoint(ReceivedDataPoint point)
    {
        var text = new StringBuilder();
        if (point.Value is { } value)
        {
            text.Append(point.IntValue is { } integer ? OtlpValues.Format(integer) : OtlpValues.Format(value));
        }
        else
        {
            text.Append("count=").Append(OtlpValues.Format(point.Count ?? 0));
            AppendIfPresent(text, "sum", point.Sum);
            AppendIfPresent(text, "min", point.Min);
            AppendIfPresent(text, "max", point.Max);
        }

        return AppendAttributes(text, point.Attributes).ToString();
    }

    private static void AppendIfPresent(StringBuilder text, string name, double? value)
    {
        if (value is { } present)
        {
            text.Append(' ').Append(name).Append('=').Append(OtlpValues.Format(present));
        }
    }

    private static StringBuilder AppendAttributes(StringBuilder text, IReadOnlyDictionary<string, object?> attributes) =>
        attributes.Count == 0 ? text : text.Append(' ').Append(OtlpValues.FormatAttributes(attributes));

    /// <summary>Spans grouped by trace (in arrival order), each trace walked parent-first so children can be indented.</summary>
    private static IEnumerable<(ReceivedSpan Span, int Depth)> OrderAsTraceTrees(IReadOnlyList<ReceivedSpan> spans)
    {
        foreach (var trace in spans.GroupBy(s => s.TraceIdHex, StringComparer.Ordinal))
        {
            var members = trace.ToArray();
            var ids = members.Select(s => s.SpanIdHex).ToHashSet(StringComparer.Ordinal);
            var children = members.ToLookup(s => s.ParentSpanIdHex ?? string.Empty, StringComparer.Ordinal);
            var visited = new HashSet<ReceivedSpan>();

            // Roots: real roots plus spans whose parent was not received (e.g. remote parents).
            var roots = members.Where(s => s.ParentSpanIdHex is null || !ids.Contains(s.ParentSpanIdHex));
            var stack = new Stack<(ReceivedSpan, int)>(roots.Reverse().Select(s => (s, 0)));
            while (stack.Count > 0)
            {
                var (span, depth) = stack.Pop();
                if (!visited.Add(span))
                {
                    continue;
                }

                yield return (span, depth);
                foreach (var child in children[span.SpanIdHex].Reverse())
                {
                    stack.Push((child, depth + 1));
                }
            }

            // Anything left sits in a parent cycle (malformed data); still show it rather than hide it.
            foreach (var orphan in members.Where(s => !visited.Contains(s)))
            {
                yield return (orphan, 0);
            }
        }
    }

    private static string SeverityLabel(SeverityNumber severity, string severityText)
    {
        var number = (int)severity;
        return number switch
        {
            >= 1 and <= 4 => "TRACE",
            >= 5 and <= 8 => "DEBUG",
            >= 9 and <= 12 => "INFO",
            >= 13 and <= 16 => "WARN",
            >= 17 and <= 20 => "ERROR",
            >= 21 and <= 24 => "FATAL",
            _ => severityText.Length > 0 ? severityText : "-",
        };
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000
            ? duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>"1 span", "2 spans".</summary>
    internal static string Plural(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
