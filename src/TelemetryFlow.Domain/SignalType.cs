namespace TelemetryFlow;

/// <summary>The telemetry signals, combinable as flags.</summary>
[Flags]
#pragma warning disable CA1711 // "Flags"-style enum; the name reads as the signal kind.
public enum SignalType
#pragma warning restore CA1711
{
    /// <summary>No signal.</summary>
    None = 0,

    /// <summary>Distributed traces (spans).</summary>
    Traces = 1,

    /// <summary>Metrics (counters, gauges, histograms).</summary>
    Metrics = 2,

    /// <summary>Log records.</summary>
    Logs = 4,

    /// <summary>Traces, metrics and logs.</summary>
    All = Traces | Metrics | Logs,
}
