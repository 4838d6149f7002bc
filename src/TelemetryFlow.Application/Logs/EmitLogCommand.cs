using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Logs;

/// <summary>Emits a log record; inside a span it carries the span's trace and span ids.</summary>
/// <param name="Message">The log body.</param>
/// <param name="Severity">The severity.</param>
/// <param name="Attributes">The record's attributes, as the caller passed them; OpenTelemetry copies them into its record during the call.</param>
/// <param name="Exception">An exception to attach, or <see langword="null"/>.</param>
internal readonly record struct EmitLogCommand(string Message, SeverityLevel Severity, IEnumerable<KeyValuePair<string, object?>>? Attributes, Exception? Exception) : ICommand, ITelemetryDataCommand
{
    /// <inheritdoc />
    public static SignalType Signal => SignalType.Logs;
}
