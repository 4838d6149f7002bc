using TelemetryFlow.Testing.Internal.View;

namespace TelemetryFlow.Testing;

/// <summary>
/// Received telemetry drawn as text for people: each trace as a waterfall and metrics as a table of streams. What
/// <c>telemetryflow-gen listen</c> and the console sample print; handy in a test's failure message too.
/// </summary>
/// <remarks>
/// <para>
/// Every method is a pure function of the items and the width: the same input always gives the same text, with
/// <c>\n</c> line ends and no colour.
/// </para>
/// <para>
/// A waterfall starts with a heading (the trace id's first 8 characters, the root span's name, services, counts, errors,
/// duration), then one line per span: its name
/// nested under its parent (spans whose parent was not received start a tree of their own), a bar placed and scaled on
/// the trace's time line (at least one cell, however short), and its duration. An error span is marked <c>✘</c> and
/// followed by its status message (and exception type). Under each span come its events (<c>◆</c>) and the logs it wrote
/// (<c>▸</c>, matched by span id), in time order.
/// </para>
/// </remarks>
public static class TelemetryView
{
    /// <summary>The width used when none is given: 100 characters.</summary>
    public const int DefaultWidth = 100;

    /// <summary>The narrowest width accepted: 40 characters.</summary>
    public const int MinWidth = WaterfallRenderer.MinWidth;

    /// <summary>Draws every trace among <paramref name="spans"/> as a waterfall, in the order the traces started, separated by a blank line.</summary>
    /// <param name="spans">The spans, of any number of traces, in any order; a span received twice is drawn once.</param>
    /// <param name="logs">Logs to place under the span that wrote them; logs without a trace id are left out.</param>
    /// <param name="width">Characters per line, at least <see cref="MinWidth"/>.</param>
    /// <returns>The text, ending with a line break; empty when there is nothing to draw.</returns>
    public static string Waterfall(IEnumerable<ReceivedSpan> spans, IEnumerable<ReceivedLog>? logs = null, int width = DefaultWidth)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinWidth);
        var traces = TraceGroup.From(spans, logs ?? []);
        return Join(traces.Select((trace, i) => (i == 0 ? [] : new[] { new ViewLine(string.Empty, ViewStyle.Detail) }).Concat(WaterfallRenderer.Render(trace, width))).SelectMany(l => l));
    }

    /// <summary>
    /// Draws the metric streams among <paramref name="metrics"/> as a table: one row per instrument and attribute set
    /// (per service and scope), with its kind and its latest value (later exports replace earlier ones).
    /// </summary>
    /// <param name="metrics">The metrics, in arrival order.</param>
    /// <param name="width">Characters per line, at least <see cref="MinWidth"/>.</param>
    /// <returns>The text, ending with a line break.</returns>
    public static string MetricsTable(IEnumerable<ReceivedMetric> metrics, int width = DefaultWidth)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinWidth);
        return Join(MetricTableRenderer.Render(MetricStream.Latest(metrics), width));
    }

    /// <summary>
    /// How many metric streams <paramref name="metrics"/> hold: distinct instruments and attribute sets (per service
    /// and scope). An SDK aggregates every measurement of a stream into one data point per export, so this, not the
    /// number of measurements recorded, is what a backend receives.
    /// </summary>
    /// <param name="metrics">The metrics, in any order.</param>
    /// <returns>The number of streams.</returns>
    public static int CountStreams(IEnumerable<ReceivedMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return MetricStream.Latest(metrics).Count;
    }

    /// <summary>
    /// Draws logs one per line, in time order: <c>▸ SEVERITY body</c>, with OTLP's short severity names. Use it for logs
    /// that belong to no trace; <see cref="Waterfall"/> places the others under their span.
    /// </summary>
    /// <param name="logs">The logs, in any order.</param>
    /// <param name="width">Characters per line, at least <see cref="MinWidth"/>.</param>
    /// <returns>The text, ending with a line break; empty when there are no logs.</returns>
    public static string Logs(IEnumerable<ReceivedLog> logs, int width = DefaultWidth)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinWidth);
        return Join(logs.OrderBy(l => l.Record.TimeUnixNano).Select(l => WaterfallRenderer.LogLine(string.Empty, l, width)));
    }

    internal static string Join(IEnumerable<ViewLine> lines) => string.Concat(lines.Select(l => l.Text + "\n"));
}
