namespace TelemetryFlow.Application.Status;

/// <summary>
/// What to do about an export failure, read from its reason (<see cref="SignalStatus.LastFailureReason"/>). The one
/// place this advice is written: the SDK's warning log line gives it, and <c>telemetryflow-gen doctor</c> gives the same
/// text, refining the hints that a probe of the endpoint can settle (wrong protocol, wrong API version).
/// </summary>
internal static class ExportFailureHints
{
    /// <summary>What to check when the backend refuses the credentials.</summary>
    public const string CheckCredentials =
        $"Check {TelemetryFlowEnvironmentVariables.ApiKeyId} and {TelemetryFlowEnvironmentVariables.ApiKeySecret}, and that the key is active and may ingest telemetry.";

    /// <summary>Nothing listens on the endpoint's port.</summary>
    public const string ConnectionRefused =
        "Connection refused: nothing listens on the endpoint's port. Is the collector running? OTLP uses 4317 for gRPC and 4318 for HTTP.";

    /// <summary>The endpoint's host name does not resolve.</summary>
    public const string HostNotFound =
        $"Host not found: the endpoint's host name does not resolve. Check the endpoint ({TelemetryFlowEnvironmentVariables.Endpoint} or OTEL_EXPORTER_OTLP_ENDPOINT) for a typo, and the DNS of this machine or container.";

    /// <summary>The TLS handshake failed; the part after the first sentence is what to do.</summary>
    public const string TlsAdvice = "A plaintext collector needs an http:// endpoint (with Insecure for a non-loopback host); a TLS one needs a certificate this machine trusts.";

    /// <summary>The start of every protocol-mismatch hint.</summary>
    public const string CheckProtocolAndPort =
        "Check the protocol and port (4317 is gRPC, 4318 is HTTP by convention) and that the endpoint is an OTLP receiver.";

    /// <summary>The hint for <paramref name="reason"/>, from the configuration alone (no probe).</summary>
    /// <param name="reason">The failure reason; it never contains a secret.</param>
    /// <param name="config">The client's configuration.</param>
    /// <returns>One or two sentences.</returns>
    public static string For(string reason, TelemetryConfig config)
    {
        if (IsCredentialsRejection(reason))
        {
            return "Credentials rejected: the backend refused the API key. " + CheckCredentials;
        }

        if (Has(reason, "HostNotFound") || Has(reason, "NameResolutionError") || Has(reason, "NoData"))
        {
            return HostNotFound;
        }

        if (Has(reason, "ConnectionRefused"))
        {
            return ConnectionRefused;
        }

        if (Has(reason, "TLS handshake failed"))
        {
            return "TLS failed. " + TlsAdvice;
        }

        if (Has(reason, "timed out"))
        {
            return TimedOut(config.ExportTimeout);
        }

        if (Has(reason, "circuit breaker"))
        {
            return "The circuit breaker holds exports back after repeated failures; the failure that opened it was logged before this one.";
        }

        if (config.Protocol == Protocol.HttpProtobuf && Has(reason, "HTTP 404"))
        {
            return $"HTTP 404: check the endpoint's path (the SDK appends /v1/traces etc. to it) and the ingestion API version ({TelemetryFlowEnvironmentVariables.UseV2Api}).";
        }

        return $"The endpoint answered in a way OTLP/{(config.Protocol == Protocol.Grpc ? "gRPC" : "HTTP")} does not expect. " + CheckProtocolAndPort;
    }

    /// <summary>The backend did not answer within <paramref name="timeout"/>.</summary>
    public static string TimedOut(TimeSpan timeout) =>
        $"The backend did not answer within {timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s: a proxy or firewall may hold the request.";

    /// <summary>Whether the reason says the backend refused the credentials.</summary>
    public static bool IsCredentialsRejection(string reason) =>
        Has(reason, "credentials rejected") || Has(reason, "HTTP 401") || Has(reason, "HTTP 403") || Has(reason, "UNAUTHENTICATED") || Has(reason, "PERMISSION_DENIED");

    private static bool Has(string reason, string text) => reason.Contains(text, StringComparison.OrdinalIgnoreCase);
}
