namespace TelemetryFlow;

/// <summary>Compression applied to export requests.</summary>
public enum ExportCompression
{
    /// <summary>Send requests uncompressed (default).</summary>
    None = 0,

    /// <summary>Compress request bodies with gzip: accepted by the TelemetryFlow collector over gRPC only.</summary>
    Gzip = 1,
}
