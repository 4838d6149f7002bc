using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using TelemetryFlow.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Safety;

/// <summary>What an exporter would read from one log record, copied at the end of the pipeline (records are pooled).</summary>
internal sealed record CapturedLog(string? Body, string? FormattedMessage, IReadOnlyList<KeyValuePair<string, object?>> Attributes, Exception? Exception)
{
    public object? Attribute(string key) => Attributes.FirstOrDefault(a => a.Key == key).Value;
}

/// <summary>
/// A real OpenTelemetry logging pipeline shaped like the runtime's (formatted messages on, the safety
/// processor first) whose last processor captures each record instead of exporting it.
/// </summary>
internal sealed class CapturedLogs : IDisposable
{
    private readonly Capture _capture = new();
    private readonly ILoggerFactory _factory;

    public CapturedLogs(TelemetrySanitizer sanitizer, SafetyStatistics statistics)
    {
        _factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
        {
            options.IncludeFormattedMessage = true;
            options.AddProcessor(new LogRecordSafetyProcessor(sanitizer, statistics));
            options.AddProcessor(_capture);
        }));
        Logger = _factory.CreateLogger("safety-tests");
    }

    public ILogger Logger { get; }

    public CapturedLog Single() => Assert.Single(_capture.Logs);

    public void Dispose() => _factory.Dispose();

    private sealed class Capture : BaseProcessor<LogRecord>
    {
        public List<CapturedLog> Logs { get; } = [];

        public override void OnEnd(LogRecord data) =>
            Logs.Add(new CapturedLog(data.Body, data.FormattedMessage, data.Attributes?.ToArray() ?? [], data.Exception));
    }
}
