namespace TelemetryFlow.Application.Configuration;

/// <summary>The unit a plain number means in a duration setting.</summary>
internal enum PlainNumberUnit
{
    Seconds,
    Milliseconds,
}
