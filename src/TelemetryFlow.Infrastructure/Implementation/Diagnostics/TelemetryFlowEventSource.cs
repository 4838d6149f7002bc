using System.Diagnostics.Tracing;

namespace TelemetryFlow.Infrastructure.Implementation.Diagnostics;

/// <summary>
/// The SDK's self-diagnostics. Named with the <c>OpenTelemetry-</c> prefix, so OpenTelemetry's
/// <c>OTEL_DIAGNOSTICS.json</c> self-diagnostics file captures it next to the OpenTelemetry SDK's own
/// events; any <see cref="EventListener"/> or <c>dotnet-trace</c> session can subscribe too.
/// </summary>
/// <remarks>
/// Event ids and levels are stable; add new events with new ids, never reuse one. The domain events
/// (<see cref="TelemetryFlowEvent"/>) are the single source: <see cref="Write"/> mirrors each one here as
/// it is raised. No payload carries a secret: endpoints appear as host names only, failures as reasons
/// and exception type names.
/// </remarks>
[EventSource(Name = SourceName)]
internal sealed class TelemetryFlowEventSource : EventSource
{
    public const string SourceName = "OpenTelemetry-TelemetryFlow";

    public const int SdkInitializedId = 1;
    public const int SdkInitializationFailedId = 2;
    public const int SdkShutdownId = 3;
    public const int ExportFailedId = 4;
    public const int ExportRecoveredId = 5;
    public const int TelemetryDroppedId = 6;
    public const int CircuitBreakerOpenedId = 7;
    public const int CircuitBreakerClosedId = 8;
    public const int HealthChangedId = 9;
    public const int MetricCardinalityLimitReachedId = 10;
    public const int MetricStreamLimitReachedId = 11;
    public const int CounterIncrementRefusedId = 12;

    // Library tracing (Implementation/Instrumentation) numbers its events from 30.
    public const int LibraryDetectedId = 30;
    public const int LibrarySpanFailedId = 31;
    public const int LogScopeVersionUnavailableId = 32;

    public static readonly TelemetryFlowEventSource Log = new();

    private TelemetryFlowEventSource()
    {
    }

    /// <summary>Mirrors a domain event as the matching diagnostic event.</summary>
    /// <param name="telemetryEvent">The event being raised.</param>
    /// <param name="endpoint">The configured endpoint; only its host is written.</param>
    [NonEvent]
    public void Write(TelemetryFlowEvent telemetryEvent, Uri endpoint)
    {
        if (!IsEnabled())
        {
            return;
        }

        switch (telemetryEvent)
        {
            case SdkInitialized e:
                SdkInitialized(e.ServiceName, endpoint.Host, e.EnabledSignals.ToString());
                break;
            case SdkShutdown e:
                SdkShutdown(e.Flushed);
                break;
            case ExportFailed e:
                ExportFailed(e.Signal.ToString(), e.Reason, e.Items);
                break;
            case ExportRecovered e:
                ExportRecovered(e.Signal.ToString(), e.FailedExports);
                break;
            case TelemetryDropped e:
                TelemetryDropped(e.Signal.ToString(), e.Reason, e.Count);
                break;
            case CircuitBreakerOpened e:
                CircuitBreakerOpened(e.Signal.ToString(), e.CoolDown.TotalSeconds);
                break;
            case CircuitBreakerClosed e:
                CircuitBreakerClosed(e.Signal.ToString());
                break;
            case HealthChanged e:
                HealthChanged(e.Previous.ToString(), e.Current.ToString(), e.Description);
                break;
        }
    }

    [Event(SdkInitializedId, Level = EventLevel.Informational, Message = "TelemetryFlow SDK initialized: service '{0}', endpoint host '{1}', signals {2}.")]
    public void SdkInitialized(string serviceName, string endpointHost, string signals) =>
        WriteEvent(SdkInitializedId, serviceName, endpointHost, signals);

    [Event(SdkInitializationFailedId, Level = EventLevel.Error, Message = "TelemetryFlow SDK failed to initialize ({0}); it records nothing.")]
    public void SdkInitializationFailed(string exceptionType) => WriteEvent(SdkInitializationFailedId, exceptionType);

    [Event(SdkShutdownId, Level = EventLevel.Informational, Message = "TelemetryFlow SDK shut down; everything pending exported in time: {0}.")]
    public void SdkShutdown(bool flushed)
    {
        if (IsEnabled())
        {
            WriteEvent(SdkShutdownId, flushed);
        }
    }

    [Event(ExportFailedId, Level = EventLevel.Warning, Message = "Export of {0} started failing: {1} ({2} items).")]
    public void ExportFailed(string signal, string reason, long items)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(ExportFailedId, signal, reason, items);
        }
    }

    [Event(ExportRecoveredId, Level = EventLevel.Informational, Message = "Export of {0} recovered after {1} failed exports.")]
    public void ExportRecovered(string signal, int failedExports)
    {
        if (IsEnabled())
        {
            WriteEvent(ExportRecoveredId, signal, failedExports);
        }
    }

    [Event(TelemetryDroppedId, Level = EventLevel.Warning, Message = "{0} started being dropped: {1} ({2} items so far).")]
    public void TelemetryDropped(string signal, string reason, long count)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(TelemetryDroppedId, signal, reason, count);
        }
    }

    [Event(CircuitBreakerOpenedId, Level = EventLevel.Warning, Message = "Export circuit breaker of {0} opened; next probe in {1} s.")]
    public void CircuitBreakerOpened(string signal, double coolDownSeconds)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(CircuitBreakerOpenedId, signal, coolDownSeconds);
        }
    }

    [Event(CircuitBreakerClosedId, Level = EventLevel.Informational, Message = "Export circuit breaker of {0} closed.")]
    public void CircuitBreakerClosed(string signal) => WriteEvent(CircuitBreakerClosedId, signal);

    [Event(HealthChangedId, Level = EventLevel.Informational, Message = "TelemetryFlow health changed from {0} to {1}: {2}")]
    public void HealthChanged(string previous, string current, string description) =>
        WriteEvent(HealthChangedId, previous, current, description);

    [Event(MetricCardinalityLimitReachedId, Level = EventLevel.Warning, Message = "Metric '{0}' reached its cardinality limit of {1} attribute sets; further sets are aggregated into the point tagged otel.metric.overflow=true.")]
    public void MetricCardinalityLimitReached(string metricName, int limit)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(MetricCardinalityLimitReachedId, metricName, limit);
        }
    }

    [Event(MetricStreamLimitReachedId, Level = EventLevel.Warning, Message = "Metric '{0}' was refused: the client reached its limit of {1} metric streams. Measurements for new metric names are dropped and counted as metric-limit; raise WithLimits(maxMetricStreams:) or use fewer names.")]
    public void MetricStreamLimitReached(string metricName, int limit)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(MetricStreamLimitReachedId, metricName, limit);
        }
    }

    [Event(CounterIncrementRefusedId, Level = EventLevel.Warning, Message = "An increment of {1} to counter '{0}' was refused so that the counter cannot pass its maximum and wrap; refused increments are dropped and counted as value-out-of-range.")]
    public void CounterIncrementRefused(string metricName, long value)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(CounterIncrementRefusedId, metricName, value);
        }
    }

    [Event(LibraryDetectedId, Level = EventLevel.Informational, Message = "{0} detected: its calls are traced (switch: {1}).")]
    public void LibraryDetected(string library, string setting) => WriteEvent(LibraryDetectedId, library, setting);

    [Event(LibrarySpanFailedId, Level = EventLevel.Warning, Message = "A {0} span could not be recorded ({1}); the application's call was not affected.")]
    public void LibrarySpanFailed(string library, string exceptionType)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            WriteEvent(LibrarySpanFailedId, library, exceptionType);
        }
    }

    [Event(LogScopeVersionUnavailableId, Level = EventLevel.Warning, Message = "The SDK's log records go out without the SDK version on their instrumentation scope: this OpenTelemetry version does not allow setting it ({0}).")]
    public void LogScopeVersionUnavailable(string exceptionType) => WriteEvent(LogScopeVersionUnavailableId, exceptionType);
}
