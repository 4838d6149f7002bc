using System.Buffers;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Which extra export headers are accepted. The SDK owns its own headers and the transport's: a configured header may
/// neither replace the API key or identity headers (<c>X-TelemetryFlow-*</c>, and <c>Authorization</c> while the SDK sends
/// the key) nor the protocol's (<c>Content-Type</c>, <c>grpc-*</c>, …), which would break every export.
/// </summary>
internal static class ExportHeaderRules
{
    private const string OwnPrefix = "X-TelemetryFlow-";

    // RFC 9110 token characters.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-Encoding", "Host", "Connection", "Keep-Alive", "Transfer-Encoding",
        "TE", "Trailer", "Upgrade", "User-Agent", "Proxy-Connection",
    };

    /// <summary>The rest of the sentence after the header's name when it is refused, else <see langword="null"/>.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="credentialsSent">Whether the SDK sends the API key (then it owns <c>Authorization</c>).</param>
    public static string? NameProblem(string name, bool credentialsSent)
    {
        if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(TokenChars))
        {
            return "is not a valid header name; use letters, digits and - (a token as HTTP defines it).";
        }

        if (name.StartsWith(OwnPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return $"is sent by the SDK itself; {OwnPrefix}* headers come from their settings (WithApiKey, WithCollectorId, WithEnvironment, …).";
        }

        if (name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) || TransportHeaders.Contains(name))
        {
            return "belongs to the OTLP transport and is set by the SDK; it cannot be replaced.";
        }

        if (credentialsSent && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            return "carries the API key while credentials are on; to send an Authorization header of your own, turn them off with WithoutCredentials() (TELEMETRYFLOW_CREDENTIALS=none).";
        }

        return null;
    }

    /// <summary>Whether a header value can be sent: printable ASCII and tabs (no line breaks, which would split the header).</summary>
    public static bool IsValidValue(string value) => value.All(c => c == '\t' || c is >= ' ' and <= '~');
}
