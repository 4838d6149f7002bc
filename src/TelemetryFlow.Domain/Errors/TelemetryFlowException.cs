namespace TelemetryFlow;

/// <summary>
/// The base of every exception the TelemetryFlow SDK throws on purpose. Catch this type to handle
/// all SDK errors at once. Messages never contain the API key secret.
/// </summary>
public class TelemetryFlowException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public TelemetryFlowException()
        : base("A TelemetryFlow SDK error occurred.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What went wrong; must not contain secrets.</param>
    public TelemetryFlowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What went wrong; must not contain secrets.</param>
    /// <param name="innerException">The underlying cause.</param>
    public TelemetryFlowException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
