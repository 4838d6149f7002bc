using OpenTelemetry;
using OpenTelemetry.Logs;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>Runs before the batch processor and counts every log record accepted for export.</summary>
internal sealed class LogRecordCountingProcessor : BaseProcessor<LogRecord>
{
    private readonly SignalStatistics _statistics;

    public LogRecordCountingProcessor(SignalStatistics statistics) => _statistics = statistics;

    public override void OnEnd(LogRecord data) => _statistics.AddRecorded();
}
