namespace TelemetryFlow;

/// <summary>
/// The six log severities. Each maps to the first OTLP severity number of its range
/// (Trace 1, Debug 5, Info 9, Warn 13, Error 17, Fatal 21).
/// </summary>
public enum SeverityLevel
{
    /// <summary>Fine-grained diagnostic detail (OTLP severity number 1, "Trace").</summary>
    Trace = 0,

    /// <summary>Debugging information (OTLP severity number 5, "Debug").</summary>
    Debug = 1,

    /// <summary>Normal operation (OTLP severity number 9, "Info").</summary>
    Info = 2,

    /// <summary>Something unexpected that the application recovered from (OTLP 13, "Warn").</summary>
    Warn = 3,

    /// <summary>An operation failed (OTLP severity number 17, "Error").</summary>
    Error = 4,

    /// <summary>The application or a major component cannot continue (OTLP 21, "Fatal").</summary>
    Fatal = 5,
}
