namespace TelemetryFlow;

/// <summary>Compression applied to export requests.</summary>
public enum ExportCompression
{
    /// <summary>Send requests uncompressed.</summary>
    None = 0,

    /// <summary>Compress request bodies with gzip (default).</summary>
    Gzip = 1,
}
