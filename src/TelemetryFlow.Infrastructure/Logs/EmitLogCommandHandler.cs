using Mediator;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Application.Logs;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Logs;

/// <summary>
/// Writes through the client's OpenTelemetry-backed <see cref="ILogger"/>, which stamps the current
/// Activity's trace and span ids on the record.
/// </summary>
internal sealed class EmitLogCommandHandler : ICommandHandler<EmitLogCommand>
{
    private readonly TelemetryPipeline _pipeline;

    public EmitLogCommandHandler(TelemetryPipeline pipeline) => _pipeline = pipeline;

    public ValueTask<Unit> Handle(EmitLogCommand command, CancellationToken cancellationToken)
    {
        // No IsEnabled check first: the logger's factory enables every level (and a disabled signal's logger is a
        // NullLogger), and ILogger.Log checks the level itself, so asking first only repeated that work per call.
        var state = LogState.Rent(command.Message, command.Attributes);
        try
        {
#pragma warning disable CA1873 // The arguments are already built (the state is a reused object); see above for why there is no IsEnabled.
            _pipeline.Logger.Log(ToLogLevel(command.Severity), default, state, command.Exception, LogState.Formatter);
#pragma warning restore CA1873
        }
        finally
        {
            state.Return();
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
