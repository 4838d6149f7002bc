using System.Globalization;

namespace TelemetryFlow.Testing.Internal.View;

/// <summary>Draws metric streams as a table: metric, kind, attributes, latest value; the attributes give way first when space runs out.</summary>
internal static class MetricTableRenderer
{
    private const int Gap = 2;

    public static IReadOnlyList<ViewLine> Render(IReadOnlyList<MetricStream> streams, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, WaterfallRenderer.MinWidth);
        var services = streams.Select(s => s.Metric.ServiceName).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToList();
        var heading = string.Create(CultureInfo.InvariantCulture, $"metrics · {streams.Count} stream{(streams.Count == 1 ? string.Empty : "s")}")
            + (services.Count == 0 ? string.Empty : " · " + string.Join(", ", services));
        var lines = new List<ViewLine> { new(ViewText.Fit(heading, width), ViewStyle.Heading) };
        if (streams.Count == 0)
        {
            return lines;
        }

        string[] header = ["metric", "kind", "attributes", "value"];
        var rows = streams.Select(s => new[] { s.Metric.Name, s.Kind, s.AttributeText, s.ValueText }).ToList();
        var widths = Enumerable.Range(0, 4).Select(c => rows.Append(header).Max(r => r[c].Length)).ToArray();

        // Two-space indent and gaps; the value keeps its width, then the name (up to a third), and the attributes take what is left.
        var available = width - 2 - (3 * Gap);
        widths[0] = Math.Min(widths[0], Math.Max(12, width / 3));
        widths[3] = Math.Min(widths[3], Math.Max(10, available - widths[0] - widths[1] - 8));
        widths[2] = Math.Max(0, Math.Min(widths[2], available - widths[0] - widths[1] - widths[3]));

        lines.Add(new(Row(header), ViewStyle.Detail));
        lines.AddRange(rows.Select(r => new ViewLine(Row(r), ViewStyle.Span)));
        return lines;

        string Row(string[] cells)
        {
            var gap = new string(' ', Gap);
            var text = "  " + string.Join(gap, cells.Select((cell, i) => i == 3 ? ViewText.Fit(cell, widths[i]) : ViewText.Cell(cell, widths[i])));
            return ViewText.Fit(text.TrimEnd(), width);
        }
    }
}
