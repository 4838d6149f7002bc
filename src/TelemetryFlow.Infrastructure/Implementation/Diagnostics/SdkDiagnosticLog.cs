using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Status;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.Infrastructure.Implementation.Diagnostics;

/// <summary>
/// The SDK's own log lines, written through the app's <c>ILogger</c> under the category <see cref="Category"/>: one line
/// when it starts, a warning when export of a signal starts failing (naming the endpoint and the hint <c>doctor</c>
/// gives), one line when it recovers. Like <see cref="TelemetryFlowEventSource"/>, it mirrors the domain events, which
/// report changes only, so nothing here is written per item or per export.
/// </summary>
/// <remarks>
/// The host's ILogger bridge never exports this category (<see cref="Logging.TelemetryFlowLoggerProvider"/>): a line
/// about failing exports must not be queued for the export that fails. Event ids are stable.
/// </remarks>
internal sealed partial class SdkDiagnosticLog
{
    /// <summary>The category of the SDK's own log lines.</summary>
    public const string Category = "TelemetryFlow";

    /// <summary>How long after a warning about drops of one reason the same drops are logged at debug level only.</summary>
    public static readonly TimeSpan DropWarningInterval = TimeSpan.FromMinutes(10);

    private readonly ILogger _logger;
    private readonly TelemetryConfig _config;
    private readonly ConcurrentDictionary<(SignalType, string), DateTimeOffset> _dropWarnings = new();

    public SdkDiagnosticLog(TelemetryConfig config, ILoggerFactory? loggerFactory)
    {
        _config = config;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Category);
    }

    /// <summary>The endpoint as logged: scheme, host, port and path; never user info or a query, which could hold a secret.</summary>
    public static string Describe(Uri endpoint) =>
        endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    /// <summary>Writes the log line for <paramref name="telemetryEvent"/>, if it has one. Never throws.</summary>
    public void Write(TelemetryFlowEvent telemetryEvent)
    {
        try
        {
            WriteCore(telemetryEvent);
        }
#pragma warning disable CA1031 // A failing logging provider must not reach the export thread or the application.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    // Each line is written once per change of state, never per item, behind the IsEnabled check below.
#pragma warning disable CA1873
    private void WriteCore(TelemetryFlowEvent telemetryEvent)
    {
        var level = LevelOf(telemetryEvent);
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        switch (telemetryEvent)
        {
            case SdkInitialized e:
                LogStarted(_logger, e.ServiceName, Describe(_config.EndpointUri), _config.Protocol, e.EnabledSignals);
                break;
            case ExportFailed e:
                LogExportFailing(_logger, PersistentStore.SignalName(e.Signal), Describe(_config.GetSignalEndpoint(e.Signal)), e.Reason, ExportFailureHints.For(e.Reason, _config));
                break;
            case ExportRecovered e:
                LogExportRecovered(_logger, PersistentStore.SignalName(e.Signal), Describe(_config.GetSignalEndpoint(e.Signal)), e.FailedExports);
                break;
            case TelemetryDropped e:
                LogDropped(_logger, level, PersistentStore.SignalName(e.Signal), e.Reason, e.Count);
                break;
            case CircuitBreakerOpened e:
                LogBreakerOpened(_logger, PersistentStore.SignalName(e.Signal), e.CoolDown.TotalSeconds);
                break;
            case CircuitBreakerClosed e:
                LogBreakerClosed(_logger, PersistentStore.SignalName(e.Signal));
                break;
            case HealthChanged e:
                LogHealthChanged(_logger, e.Previous, e.Current, e.Description);
                break;
            case SdkShutdown e:
                LogStopped(_logger, e.Flushed);
                break;
        }
    }
#pragma warning restore CA1873

    private LogLevel LevelOf(TelemetryFlowEvent telemetryEvent) => telemetryEvent switch
    {
        SdkInitialized or ExportRecovered or CircuitBreakerOpened => LogLevel.Information,
        ExportFailed => LogLevel.Warning,

        // Drops a failing export explains are covered by its warning; a repeat of the same drops gets a debug line.
        TelemetryDropped e => !IsExportOutcome(e.Reason) && TakeDropWarning(e) ? LogLevel.Warning : LogLevel.Debug,
        _ => LogLevel.Debug,
    };


    /// <summary>Drops the failing export explains: the warning about the failure covers them.</summary>
    private static bool IsExportOutcome(string reason) =>
        reason == DropReason.ExportFailed.Value || reason == DropReason.ExportRejected.Value || reason == DropReason.CircuitOpen.Value;

    /// <summary>Whether drops of this signal and reason get a warning: the first time, then again after <see cref="DropWarningInterval"/>.</summary>
    private bool TakeDropWarning(TelemetryDropped dropped)
    {
        var key = (dropped.Signal, dropped.Reason);
        while (true)
        {
            if (!_dropWarnings.TryGetValue(key, out var last))
            {
                if (_dropWarnings.TryAdd(key, dropped.Timestamp))
                {
                    return true;
                }

                continue;
            }

            return dropped.Timestamp - last >= DropWarningInterval && _dropWarnings.TryUpdate(key, dropped.Timestamp, last);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "SdkStarted", Level = LogLevel.Information,
        Message = "TelemetryFlow started: service {ServiceName} exports to {Endpoint} over {Protocol} ({Signals}).")]
    private static partial void LogStarted(ILogger logger, string serviceName, string endpoint, Protocol protocol, SignalType signals);

    [LoggerMessage(EventId = 2, EventName = "ExportFailing", Level = LogLevel.Warning,
        Message = "TelemetryFlow cannot export {Signal} to {Endpoint}: {Reason}. {Hint} Logged once until export recovers; meanwhile what cannot be delivered is stored or dropped, and counted (client.GetStatus(), telemetryflow-gen doctor).")]
    private static partial void LogExportFailing(ILogger logger, string signal, string endpoint, string reason, string hint);

    [LoggerMessage(EventId = 3, EventName = "ExportRecovered", Level = LogLevel.Information,
        Message = "TelemetryFlow export of {Signal} to {Endpoint} recovered after {FailedExports} failed export(s).")]
    private static partial void LogExportRecovered(ILogger logger, string signal, string endpoint, int failedExports);

    [LoggerMessage(EventId = 4, EventName = "TelemetryDropped", Message = "TelemetryFlow is dropping {Signal}: {Reason} ({Count} so far); see the dropped counts in client.GetStatus() and the telemetryflow.sdk.dropped metric.")]
    private static partial void LogDropped(ILogger logger, LogLevel level, string signal, string reason, long count);

    [LoggerMessage(EventId = 5, EventName = "CircuitBreakerOpened", Level = LogLevel.Information,
        Message = "TelemetryFlow circuit breaker of {Signal} opened: the backend is left alone for {CoolDownSeconds} s.")]
    private static partial void LogBreakerOpened(ILogger logger, string signal, double coolDownSeconds);

    [LoggerMessage(EventId = 6, EventName = "CircuitBreakerClosed", Level = LogLevel.Debug, Message = "TelemetryFlow circuit breaker of {Signal} closed.")]
    private static partial void LogBreakerClosed(ILogger logger, string signal);

    [LoggerMessage(EventId = 7, EventName = "HealthChanged", Level = LogLevel.Debug, Message = "TelemetryFlow health changed from {Previous} to {Current}: {Description}")]
    private static partial void LogHealthChanged(ILogger logger, HealthState previous, HealthState current, string description);

    [LoggerMessage(EventId = 8, EventName = "SdkStopped", Level = LogLevel.Debug, Message = "TelemetryFlow shut down; everything pending exported in time: {Flushed}.")]
    private static partial void LogStopped(ILogger logger, bool flushed);
}
