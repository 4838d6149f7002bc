namespace TelemetryFlow.Application.Common.Messages;

/// <summary>
/// Marks a per-call command that records telemetry. The initialization guard applies to these;
/// they are checked by cheap inline guards in the client rather than by a validator in the pipeline, because
/// they sit on the caller's hot path.
/// </summary>
internal interface ITelemetryDataCommand
{
    /// <summary>The signal the command records; resolved per command type at compile time.</summary>
    static abstract SignalType Signal { get; }

    /// <summary>Whether the command counts toward the client-side rate limit (ending a span does not).</summary>
    static virtual bool IsRateLimited => true;
}
