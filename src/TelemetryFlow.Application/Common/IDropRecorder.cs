namespace TelemetryFlow.Application.Common;

/// <summary>Counts items the SDK refused before they reached OpenTelemetry (rate limit, invalid values).</summary>
internal interface IDropRecorder
{
    void RecordDropped(SignalType signal, DropReason reason);
}
