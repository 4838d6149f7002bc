using System.Collections.ObjectModel;

namespace TelemetryFlow;

/// <summary>
/// Thrown when a configuration is invalid. <see cref="Errors"/> lists every problem found, not
/// just the first; each names the setting (and environment variable, where one was read) and
/// says what is accepted.
/// </summary>
public sealed class ConfigurationException : TelemetryFlowException
{
    /// <summary>Creates the exception with a generic message and no listed errors.</summary>
    public ConfigurationException()
        : this(Array.Empty<string>())
    {
    }

    /// <summary>Creates the exception with a single problem.</summary>
    /// <param name="message">The problem.</param>
    public ConfigurationException(string message)
        : this(new[] { message })
    {
    }

    /// <summary>Creates the exception with a single problem and its cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The underlying cause.</param>
    public ConfigurationException(string message, Exception? innerException)
        : base(Format(new[] { message }), innerException)
    {
        Errors = new ReadOnlyCollection<string>(new[] { message });
    }

    /// <summary>Creates the exception listing every problem found.</summary>
    /// <param name="errors">The problems, one sentence each.</param>
    public ConfigurationException(IEnumerable<string> errors)
        : this(errors is null ? Array.Empty<string>() : errors.ToArray())
    {
    }

    private ConfigurationException(string[] errors)
        : base(Format(errors))
    {
        Errors = new ReadOnlyCollection<string>(errors);
    }

    /// <summary>Every configuration problem found, one sentence each.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(string[] errors) => errors.Length switch
    {
        0 => "The TelemetryFlow configuration is invalid.",
        1 => "The TelemetryFlow configuration is invalid: " + errors[0],
        _ => $"The TelemetryFlow configuration has {errors.Length} problems:{Environment.NewLine}- "
             + string.Join(Environment.NewLine + "- ", errors),
    };
}
