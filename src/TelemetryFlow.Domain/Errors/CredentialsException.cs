namespace TelemetryFlow;

/// <summary>
/// Thrown when an API key id or secret is malformed. The message names the field and never
/// contains the secret.
/// </summary>
public sealed class CredentialsException : TelemetryFlowException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public CredentialsException()
        : base("The TelemetryFlow API credentials are invalid.")
    {
    }

    /// <summary>Creates the exception with the given message.</summary>
    /// <param name="message">What is wrong; must not contain the secret.</param>
    public CredentialsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the given message and cause.</summary>
    /// <param name="message">What is wrong; must not contain the secret.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CredentialsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
