using Mediator;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Application.Logs.Commands.EmitLog;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Logs.Commands.EmitLog;

/// <summary>
/// Writes through the client's OpenTelemetry-backed <see cref="ILogger"/>, which stamps the current
/// Activity's trace and span ids on the record.
/// </summary>
internal sealed class EmitLogCommandHandler : ICommandHandler<EmitLogCommand>
{
    private readonly TelemetryRuntime _runtime;

    public EmitLogCommandHandler(TelemetryRuntime runtime) => _runtime = runtime;

    public ValueTask<Unit> Handle(EmitLogCommand command, CancellationToken cancellationToken)
    {
        var logger = _runtime.Logger;
        var level = ToLogLevel(command.Severity);
        if (logger.IsEnabled(level))
        {
            var state = LogState.Rent(command.Message, command.Attributes);
            try
            {
                logger.Log(level, default, state, command.Exception, LogState.Formatter);
            }
            finally
            {
                state.Return();
            }
        }

        return default;
    }

    internal static LogLevel ToLogLevel(SeverityLevel severity) => severity switch
    {
        SeverityLevel.Trace => LogLevel.Trace,
        SeverityLevel.Debug => LogLevel.Debug,
        SeverityLevel.Info => LogLevel.Information,
        SeverityLevel.Warn => LogLevel.Warning,
        SeverityLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };
}
