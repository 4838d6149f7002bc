using TelemetryFlow.Application.Configuration;
using TelemetryFlow.Application.Status;
using TelemetryFlow.Cli.Commands;
using TelemetryFlow.Cli.Configuration;

namespace TelemetryFlow.Cli.Doctor;

/// <summary>
/// Turns the SDK's export failure reason (<see cref="SignalStatus.LastFailureReason"/>) into a hint. Reasons that do not
/// name their cause (a protocol error, an unexpected status) are settled by probing the endpoint with the other
/// transport, or the other API version. The advice itself is the SDK's (<see cref="ExportFailureHints"/>), so the warning an
/// app logs and doctor say the same; doctor adds where each setting came from and what the probes found.
/// </summary>
internal sealed class FailureAdvisor(TelemetryConfig config, ConfigurationLayers layers, ConfigFlags flags, TimeSpan timeout)
{
    private readonly Dictionary<string, string> _hints = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a reason says only that nothing arrived in time. When one signal fails with a specific reason and another
    /// just times out against the same endpoint, the specific one explains both.
    /// </summary>
    public static bool IsVague(string reason) => Has(reason, "timed out") || reason == NothingExported;

    public const string NothingExported = "nothing was exported";

    public async Task<string> HintAsync(string reason, CancellationToken cancellationToken)
    {
        if (!_hints.TryGetValue(reason, out var hint))
        {
            hint = await ComputeAsync(reason, cancellationToken).ConfigureAwait(false);
            _hints[reason] = hint;
        }

        return hint;
    }

    private async Task<string> ComputeAsync(string reason, CancellationToken cancellationToken)
    {
        if (ExportFailureHints.IsCredentialsRejection(reason))
        {
            return $"Credentials rejected: the backend refused the API key {config.Credentials?.ToString() ?? "(none sent)"} (key id from {layers.SourceOf(SettingCatalog.ApiKeyId, flags.KeyId is not null)}, secret from {layers.SourceOf(SettingCatalog.ApiKeySecret, flags.KeySecret is not null)}). "
                + ExportFailureHints.CheckCredentials;
        }

        if (Has(reason, "TLS handshake failed"))
        {
            return "TLS failed: see the tls step. " + ExportFailureHints.TlsAdvice;
        }

        if (Has(reason, "timed out"))
        {
            return ExportFailureHints.TimedOut(config.ExportTimeout < timeout ? config.ExportTimeout : timeout) + " Raise --timeout to rule out a slow link.";
        }

        if (Has(reason, "ConnectionRefused") || Has(reason, "HostNotFound") || Has(reason, "NameResolutionError"))
        {
            return ExportFailureHints.For(reason, config);
        }

        var baseUri = config.EndpointUri;
        if (config.Protocol == Protocol.HttpProtobuf && Has(reason, "HTTP 404"))
        {
            return await VersionHintAsync(baseUri, cancellationToken).ConfigureAwait(false);
        }

        return await ProtocolHintAsync(baseUri, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> VersionHintAsync(Uri baseUri, CancellationToken cancellationToken)
    {
        var current = config.ApiVersion == ApiVersion.V2 ? "v2" : "v1";
        var other = current == "v1" ? "v2" : "v1";
        var otherVersion = await ProtocolProbe.HttpAsync(baseUri, other, timeout, cancellationToken).ConfigureAwait(false);
        var switchHint = current == "v1"
            ? $"use --v2 ({TelemetryFlowEnvironmentVariables.UseV2Api}=true)"
            : $"drop --v2 / {TelemetryFlowEnvironmentVariables.UseV2Api}";
        return otherVersion.Speaks
            ? $"Wrong API version: the backend has no /{current}/ paths but answers /{other}/ ({otherVersion.Detail}): {switchHint}."
            : $"HTTP 404 on /{current}/{{traces,metrics,logs}}: if the backend serves the {other} ingestion API, {switchHint}; "
                + "otherwise check the endpoint's path (the SDK appends /v1/traces etc. to it).";
    }

    private async Task<string> ProtocolHintAsync(Uri baseUri, string reason, CancellationToken cancellationToken)
    {
        var endpoint = $"{baseUri.Host}:{baseUri.Port}";
        if (config.Protocol == Protocol.Grpc)
        {
            var http = await ProtocolProbe.HttpAsync(baseUri, "v1", timeout, cancellationToken).ConfigureAwait(false);
            if (http.Speaks)
            {
                return $"Wrong protocol or port: {endpoint} speaks OTLP/HTTP, not gRPC ({http.Detail}). "
                    + $"Use --protocol http ({TelemetryFlowEnvironmentVariables.Protocol}=http), or the gRPC port (4317 by convention; 4318 is OTLP/HTTP).";
            }
        }
        else
        {
            var grpc = await ProtocolProbe.GrpcAsync(baseUri, timeout, cancellationToken).ConfigureAwait(false);
            if (grpc.Speaks)
            {
                return $"Wrong protocol or port: {endpoint} speaks OTLP/gRPC, not OTLP/HTTP ({grpc.Detail}). "
                    + $"Use --protocol grpc ({TelemetryFlowEnvironmentVariables.Protocol}=grpc), or the HTTP port (4318 by convention; 4317 is gRPC).";
            }
        }

        return $"{endpoint} answered in a way OTLP/{(config.Protocol == Protocol.Grpc ? "gRPC" : "HTTP")} does not expect ({reason}). "
            + ExportFailureHints.CheckProtocolAndPort;
    }

    private static bool Has(string reason, string text) => reason.Contains(text, StringComparison.OrdinalIgnoreCase);
}
