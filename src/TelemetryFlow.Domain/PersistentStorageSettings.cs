namespace TelemetryFlow;

/// <summary>
/// Opt-in disk buffering: telemetry that cannot be delivered is written to <see cref="Directory"/>
/// and delivered once the backend is back, also after the application restarts. Immutable.
/// </summary>
/// <remarks>The directory must be one the application chose; the SDK never falls back to a shared temp folder.</remarks>
public sealed record PersistentStorageSettings
{
    /// <summary>Default cap on the total size of stored telemetry (100 MiB).</summary>
    public const long DefaultMaxSizeBytes = 100L * 1024 * 1024;

    /// <summary>Smallest accepted cap (1 MiB).</summary>
    internal const long MinMaxSizeBytes = 1024L * 1024;

    /// <summary>Creates storage settings.</summary>
    /// <param name="directory">An absolute directory path chosen by the application.</param>
    /// <param name="maxSizeBytes">Cap on the total size of stored telemetry; at least 1 MiB.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or not absolute.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSizeBytes"/> is below 1 MiB.</exception>
    public PersistentStorageSettings(string directory, long maxSizeBytes = DefaultMaxSizeBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Path.IsPathFullyQualified(directory))
        {
            throw new ArgumentException("The storage directory must be an absolute path chosen by the application.", nameof(directory));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxSizeBytes, MinMaxSizeBytes);
        Directory = directory;
        MaxSizeBytes = maxSizeBytes;
    }

    /// <summary>The directory telemetry is stored in.</summary>
    public string Directory { get; }

    /// <summary>Cap on the total size of stored telemetry; beyond it new telemetry is dropped and counted.</summary>
    public long MaxSizeBytes { get; }
}
