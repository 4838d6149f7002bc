namespace TelemetryFlow;

/// <summary>
/// Thrown by a <c>TelemetryFlowBuilder</c> method at the moment it is given an argument that no
/// configuration could ever accept (an undefined enum value, a null delegate). Problems that
/// depend on the final, merged configuration are collected into one
/// <see cref="ConfigurationException"/> by <c>Build()</c> instead.
/// </summary>
public sealed class BuilderException : TelemetryFlowException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public BuilderException()
        : base("The TelemetryFlow builder was used incorrectly.")
    {
    }

    /// <summary>Creates the exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public BuilderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public BuilderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
