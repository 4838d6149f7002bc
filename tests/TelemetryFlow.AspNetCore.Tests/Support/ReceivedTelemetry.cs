using System.Text;
using TelemetryFlow.Testing;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;

namespace TelemetryFlow.AspNetCore.Tests.Support;

/// <summary>Queries over what a test's receiver decoded.</summary>
internal static class ReceivedTelemetry
{
    public static IReadOnlyList<ReceivedSpan> ServerSpans(this OtlpReceiver receiver) =>
        receiver.Spans.Where(s => s.Kind == OtlpSpanKind.Server).ToList();

    /// <summary>
    /// The latest export of a metric. Metrics are cumulative, so the last export holds every measurement; the
    /// host's stop flushes one, so after <c>StopAsync</c> it is complete.
    /// </summary>
    public static ReceivedMetric? LastMetric(this OtlpReceiver receiver, string name) =>
        receiver.Metrics.LastOrDefault(m => m.Name == name);

    public static ReceivedMetric RequireMetric(this OtlpReceiver receiver, string name) =>
        receiver.LastMetric(name) ?? throw new Xunit.Sdk.XunitException($"No metric '{name}' arrived.{Environment.NewLine}{receiver.Summarize()}");

    /// <summary>The <c>ILogger</c> records of one category.</summary>
    public static IReadOnlyList<ReceivedLog> LogsOf(this OtlpReceiver receiver, string category) =>
        receiver.Logs.Where(l => l.ScopeName == category).ToList();

    /// <summary>
    /// Everything the receiver got, as text: every export request in full (the decoded protobuf as JSON, so every
    /// resource, scope, span, event, link, metric, data point and log record with all attributes and bodies) and every
    /// request header.
    /// </summary>
    public static string AllReceivedText(this OtlpReceiver receiver)
    {
        var text = new StringBuilder();
        foreach (var request in receiver.Requests)
        {
            text.AppendLine(request.Path);
            foreach (var (name, value) in request.Headers)
            {
                text.Append(name).Append(": ").AppendLine(value);
            }

            text.AppendLine(request.Message?.ToString());
        }

        // The decoded views too, in case a value reads differently once converted (e.g. a body that is a map).
        foreach (var span in receiver.Spans)
        {
            text.AppendLine(span.ToString());
            foreach (var name in span.EventNames)
            {
                text.AppendJoin(", ", span.EventAttributes(name)!.Select(a => $"{a.Key}={a.Value}")).AppendLine();
            }
        }

        foreach (var log in receiver.Logs)
        {
            text.AppendLine(log.ToString()).AppendLine(log.BodyText);
        }

        foreach (var metric in receiver.Metrics)
        {
            text.AppendLine(metric.ToString());
        }

        return text.ToString();
    }
}
