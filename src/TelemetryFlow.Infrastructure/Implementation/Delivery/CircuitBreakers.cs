using TelemetryFlow.Application.Events;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// One circuit breaker per signal when the breaker is enabled, none otherwise. Built first: the delivery
/// handlers and the replayer ask them before calling the backend, and the export accounting reads their state.
/// </summary>
internal sealed class CircuitBreakers
{
    private readonly CircuitBreaker? _traces;
    private readonly CircuitBreaker? _metrics;
    private readonly CircuitBreaker? _logs;

    public CircuitBreakers(TelemetryConfig config, TimeProvider time, ITelemetryEventSink? events = null)
        : this(Breaker(SignalType.Traces, config, time, events), Breaker(SignalType.Metrics, config, time, events), Breaker(SignalType.Logs, config, time, events))
    {
    }

    /// <summary>Given breakers, any of them <see langword="null"/> for none.</summary>
    internal CircuitBreakers(CircuitBreaker? traces, CircuitBreaker? metrics, CircuitBreaker? logs)
    {
        _traces = traces;
        _metrics = metrics;
        _logs = logs;
    }

    /// <summary>The breaker of <paramref name="signal"/>, or <see langword="null"/> when the breaker is off.</summary>
    public CircuitBreaker? For(SignalType signal) => signal switch
    {
        SignalType.Traces => _traces,
        SignalType.Metrics => _metrics,
        _ => _logs,
    };

    private static CircuitBreaker? Breaker(SignalType signal, TelemetryConfig config, TimeProvider time, ITelemetryEventSink? events) =>
        config.CircuitBreaker.Enabled ? new CircuitBreaker(signal, config.CircuitBreaker, time, events) : null;
}
