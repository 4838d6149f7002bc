using TelemetryFlow.Application.Events;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// The export circuit breaker of one signal. After <see cref="CircuitBreakerSettings.FailureThreshold"/>
/// consecutive failed exports it opens: exports fail fast without calling the backend. Once
/// <see cref="CircuitBreakerSettings.CoolDown"/> has passed it lets exactly one probe through; the probe's
/// success closes it, its failure opens it again for another cool-down. Raises
/// <see cref="CircuitBreakerOpened"/> and <see cref="CircuitBreakerClosed"/> on each change. Thread-safe.
/// </summary>
internal sealed class CircuitBreaker
{
    private readonly Lock _gate = new();
    private readonly SignalType _signal;
    private readonly CircuitBreakerSettings _settings;
    private readonly TimeProvider _time;
    private readonly ITelemetryEventSink? _events;
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private DateTimeOffset _openedAt;
    private bool _probeInFlight;

    public CircuitBreaker(SignalType signal, CircuitBreakerSettings settings, TimeProvider time, ITelemetryEventSink? events = null)
    {
        _signal = signal;
        _settings = settings;
        _time = time;
        _events = events;
    }

    /// <summary>
    /// The state as status shows it: an open circuit whose cool-down is over reads
    /// <see cref="CircuitState.HalfOpen"/>, since the next export will be the probe.
    /// </summary>
    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _state == CircuitState.Open && CoolDownOver() ? CircuitState.HalfOpen : _state;
            }
        }
    }

    /// <summary>When the current cool-down ends; <see langword="null"/> unless open.</summary>
    public DateTimeOffset? OpenUntil
    {
        get
        {
            lock (_gate)
            {
                return _state == CircuitState.Open ? _openedAt + _settings.CoolDown : null;
            }
        }
    }

    /// <summary>
    /// Asks to call the backend. Every <see langword="true"/> must be followed by exactly one
    /// <see cref="RecordSuccess"/> or <see cref="RecordFailure"/>.
    /// </summary>
    /// <returns><see langword="false"/> to fail fast: the circuit is open, or a probe is already under way.</returns>
    public bool TryAcquire() => TryAcquire(out _);

    /// <inheritdoc cref="TryAcquire()"/>
    /// <param name="probe">Whether the call is the probe of a half-open circuit (then it should be a single attempt).</param>
    public bool TryAcquire(out bool probe)
    {
        lock (_gate)
        {
            probe = false;
            switch (_state)
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.Open when CoolDownOver():
                case CircuitState.HalfOpen when !_probeInFlight:
                    _state = CircuitState.HalfOpen;
                    _probeInFlight = true;
                    probe = true;
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>The backend accepted an export: the count restarts, and a half-open circuit closes.</summary>
    public void RecordSuccess()
    {
        bool closed;
        lock (_gate)
        {
            _consecutiveFailures = 0;
            _probeInFlight = false;
            closed = _state != CircuitState.Closed;
            _state = CircuitState.Closed;
        }

        if (closed)
        {
            _events?.Raise(new CircuitBreakerClosed(_time.GetUtcNow(), _signal));
        }
    }

    /// <summary>Gives back a permission whose call ended without an answer (cancelled at shutdown), so a probe is not lost.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _probeInFlight = false;
        }
    }

    /// <summary>An export failed: the circuit opens at the threshold, or again when the probe failed.</summary>
    public void RecordFailure()
    {
        var now = _time.GetUtcNow();
        bool opened;
        lock (_gate)
        {
            _consecutiveFailures++;
            opened = _state switch
            {
                CircuitState.HalfOpen => true,
                CircuitState.Closed => _consecutiveFailures >= _settings.FailureThreshold,

                // Already open: an export admitted before it opened finished late.
                _ => false,
            };

            if (opened)
            {
                _state = CircuitState.Open;
                _openedAt = now;
                _probeInFlight = false;
            }
        }

        if (opened)
        {
            _events?.Raise(new CircuitBreakerOpened(now, _signal, _settings.CoolDown));
        }
    }

    // Caller holds _gate.
    private bool CoolDownOver() => _time.GetUtcNow() >= _openedAt + _settings.CoolDown;
}
