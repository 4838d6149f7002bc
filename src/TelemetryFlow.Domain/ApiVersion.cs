namespace TelemetryFlow;

/// <summary>The TelemetryFlow ingestion API version, which selects the OTLP/HTTP paths.</summary>
public enum ApiVersion
{
    /// <summary>Standard OTLP paths: <c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c> (default).</summary>
    V1 = 1,

    /// <summary>
    /// TelemetryFlow v2 paths: <c>/v2/traces</c>, <c>/v2/metrics</c>, <c>/v2/logs</c>;
    /// also sends the <c>X-TelemetryFlow-API-Version: v2</c> header.
    /// </summary>
    V2 = 2,
}
