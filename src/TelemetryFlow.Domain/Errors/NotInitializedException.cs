namespace TelemetryFlow;

/// <summary>
/// Thrown when telemetry is recorded before <c>Initialize()</c> or after shutdown.
/// </summary>
public sealed class NotInitializedException : TelemetryFlowException
{
    /// <summary>Creates the exception with the standard message.</summary>
    public NotInitializedException()
        : base("The TelemetryFlow client is not running: call Initialize() before recording telemetry, and do not record after ShutdownAsync() or Dispose().")
    {
    }

    /// <summary>Creates the exception with the given message.</summary>
    /// <param name="message">What went wrong.</param>
    public NotInitializedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the given message and cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public NotInitializedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
