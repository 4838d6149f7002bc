using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Internal.View;

namespace TelemetryFlow.Cli.Listen;

/// <summary>Something <c>listen</c> prints: a trace once it is complete enough, a metrics table, or a log on its own.</summary>
internal abstract record ListenItem;

/// <summary>A trace, printed as a waterfall.</summary>
internal sealed record TraceItem(TraceGroup Trace) : ListenItem;

/// <summary>The metric streams of one export, printed as a table of latest values.</summary>
internal sealed record MetricsItem(IReadOnlyList<MetricStream> Streams) : ListenItem;

/// <summary>
/// A log printed on its own: it has no trace id, or its trace was printed already (<paramref name="Late"/>).
/// </summary>
internal sealed record LogItem(ReceivedLog Log, bool Late) : ListenItem;
