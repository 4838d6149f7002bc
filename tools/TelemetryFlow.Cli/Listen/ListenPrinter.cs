using TelemetryFlow.Testing.Internal.View;

namespace TelemetryFlow.Cli.Listen;

/// <summary>
/// Prints what <c>listen</c> has to show: the text view (colour only on a terminal) or, with <c>--json</c>, one JSON
/// object per line and nothing else on standard output.
/// </summary>
internal sealed class ListenPrinter(TextWriter output, int width, bool json, bool colour)
{
    private const string Reset = "\u001b[0m";

    public int Traces { get; private set; }

    public int Spans { get; private set; }

    public int MetricStreams { get; private set; }

    public int Logs { get; private set; }

    public void Print(ListenItem item)
    {
        switch (item)
        {
            case TraceItem trace:
                Traces++;
                Spans += trace.Trace.Spans.Count;
                Logs += trace.Trace.Logs.Count;
                if (json)
                {
                    output.WriteLine(JsonLines.Trace(trace.Trace));
                }
                else
                {
                    Write(WaterfallRenderer.Render(trace.Trace, width));
                    output.WriteLine();
                }

                break;

            case MetricsItem metrics:
                MetricStreams += metrics.Streams.Count;
                if (json)
                {
                    foreach (var stream in metrics.Streams)
                    {
                        output.WriteLine(JsonLines.Metric(stream));
                    }
                }
                else
                {
                    Write(MetricTableRenderer.Render(metrics.Streams, width));
                    output.WriteLine();
                }

                break;

            case LogItem log:
                Logs++;
                if (json)
                {
                    output.WriteLine(JsonLines.Log(log.Log));
                }
                else
                {
                    var context = log.Log.TraceIdHex is { } traceId
                        ? $"{(log.Late ? "late log of trace" : "log of trace")} {WaterfallRenderer.ShortId(traceId)} "
                        : "log ";
                    Write([WaterfallRenderer.LogLine(context, log.Log, width)]);
                }

                break;
        }

        output.Flush();
    }

    private void Write(IEnumerable<ViewLine> lines)
    {
        foreach (var line in lines)
        {
            output.WriteLine(colour && Colour(line.Style) is { } code ? code + line.Text + Reset : line.Text);
        }
    }

    private static string? Colour(ViewStyle style) => style switch
    {
        ViewStyle.Heading => "\u001b[1m",
        ViewStyle.ErrorSpan or ViewStyle.Error or ViewStyle.ErrorLog => "\u001b[31m",
        ViewStyle.Span => "\u001b[36m",
        ViewStyle.Detail or ViewStyle.Log => "\u001b[90m",
        _ => null,
    };
}
