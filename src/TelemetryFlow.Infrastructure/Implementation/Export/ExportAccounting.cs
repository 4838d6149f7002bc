using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Events;
using TelemetryFlow.Application.Status;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// The export accounting and health of one client: a <see cref="SignalStatistics"/> per signal, fed by the
/// pipeline (items recorded, queue drops), the exporters and the delivery chain (export outcomes, stored and
/// replayed items), and the mediator's gate (rate-limited commands); it reads the circuit breakers' state for
/// status, and raises <see cref="HealthChanged"/> when the worst signal's health changes.
/// </summary>
internal sealed class ExportAccounting : IDropRecorder
{
    private readonly TelemetryConfig _config;
    private readonly TimeProvider _time;
    private readonly ITelemetryEventSink? _events;
    private int _lastHealth = (int)HealthState.Healthy;

    public ExportAccounting(TelemetryConfig config, TimeProvider time, CircuitBreakers breakers, ITelemetryEventSink? events = null)
    {
        _config = config;
        _time = time;
        _events = events;
        Traces = new SignalStatistics(SignalType.Traces, time, events, breakers.For(SignalType.Traces), EvaluateHealth);
        Metrics = new SignalStatistics(SignalType.Metrics, time, events, breakers.For(SignalType.Metrics), EvaluateHealth);
        Logs = new SignalStatistics(SignalType.Logs, time, events, breakers.For(SignalType.Logs), EvaluateHealth);
    }

    public SignalStatistics Traces { get; }

    public SignalStatistics Metrics { get; }

    public SignalStatistics Logs { get; }

    public SignalStatistics For(SignalType signal) => signal switch
    {
        SignalType.Traces => Traces,
        SignalType.Metrics => Metrics,
        _ => Logs,
    };

    /// <inheritdoc />
    public void RecordDropped(SignalType signal, DropReason reason) => For(signal).RecordDropped(reason);

    /// <summary>The status of <paramref name="signal"/>, marked disabled when the configuration leaves it out.</summary>
    public SignalStatus Snapshot(SignalType signal) => For(signal).Snapshot(_config.IsEnabled(signal));

    /// <summary>After the pipeline shut down, what was never exported can no longer be: status shows it as dropped.</summary>
    public void Close()
    {
        Traces.Close();
        Logs.Close();
    }

    /// <summary>Raises <see cref="HealthChanged"/> when the worst exporter state changes.</summary>
    private void EvaluateHealth()
    {
        var components = new[] { Traces, Metrics, Logs }
            .Where(s => _config.IsEnabled(s.Signal))
            .Select(s => HealthEvaluator.Evaluate(s.Snapshot(enabled: true)))
            .ToArray();
        var current = components.Length == 0 ? HealthState.Healthy : components.Max(c => c.Status);
        var previous = (HealthState)Interlocked.Exchange(ref _lastHealth, (int)current);
        if (previous != current)
        {
            var description = string.Join(" ", components.Where(c => c.Status == current).Select(c => $"{c.Name}: {c.Description}"));
            _events?.Raise(new HealthChanged(_time.GetUtcNow(), previous, current, description));
        }
    }
}
