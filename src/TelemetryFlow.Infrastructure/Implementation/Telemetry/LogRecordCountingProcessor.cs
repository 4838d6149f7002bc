using OpenTelemetry;
using OpenTelemetry.Logs;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Runs before the batch processor: counts every log record accepted for export, and adds the
/// <c>ILogger</c> event id as an attribute (the event name travels in the record's own field).
/// </summary>
internal sealed class LogRecordCountingProcessor : BaseProcessor<LogRecord>
{
    private readonly SignalStatistics _statistics;

    public LogRecordCountingProcessor(SignalStatistics statistics) => _statistics = statistics;

    /// <summary>OpenTelemetry's own attribute name for the numeric <c>EventId</c>, which its OTLP exporter leaves out by default.</summary>
    public const string EventIdAttribute = "logrecord.event.id";

    public override void OnEnd(LogRecord data)
    {
        _statistics.AddRecorded();
        if (data.EventId.Id != 0)
        {
            data.Attributes = [.. data.Attributes ?? [], new(EventIdAttribute, data.EventId.Id)];
        }
    }
}
