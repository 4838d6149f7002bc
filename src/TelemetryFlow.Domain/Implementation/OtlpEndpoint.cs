using System.Globalization;
using System.Net;

namespace TelemetryFlow.Implementation;

/// <summary>Parses the endpoint forms the SDK accepts: <c>host:port</c> or an absolute http(s) URL.</summary>
internal static class OtlpEndpoint
{
    public const string AcceptedForms = "'host:port' (for example 'api.telemetryflow.id:4317') or an absolute http:// or https:// URL";

    /// <summary>Parses <paramref name="value"/>; a bare <c>host:port</c> gets <c>http</c> when insecure, else <c>https</c>.</summary>
    /// <remarks>The error quotes the value through <see cref="ShownValue"/>, so a secret pasted here is not echoed.</remarks>
    public static bool TryParse(string? value, bool insecure, out Uri uri, out string error, IEnumerable<string?>? knownSecrets = null)
    {
        uri = null!;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = $"is required; use {AcceptedForms}.";
            return false;
        }

        var text = value.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed)
                || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(parsed.Host))
            {
                error = $"{ShownValue.Quote(Shown(text), knownSecrets)} is not valid; use {AcceptedForms}.";
                return false;
            }

            if (!string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment) || !string.IsNullOrEmpty(parsed.UserInfo))
            {
                error = $"{ShownValue.Quote($"{parsed.Scheme}://{parsed.Authority}{parsed.AbsolutePath}", knownSecrets)} must not carry a query string, fragment or user info; credentials go in WithApiKey.";
                return false;
            }

            uri = parsed;
            return true;
        }

        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : string.Empty;
        var portText = colon > 0 ? text[(colon + 1)..] : string.Empty;
        if (host.Length == 0
            || host.Contains('/', StringComparison.Ordinal)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535
            || Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            error = $"{ShownValue.Quote(Shown(text), knownSecrets)} is not valid; use {AcceptedForms}, with a port from 1 to 65535.";
            return false;
        }

        uri = new UriBuilder(insecure ? Uri.UriSchemeHttp : Uri.UriSchemeHttps, host.Trim('[', ']'), port).Uri;
        return true;
    }

    /// <summary>
    /// The endpoint as it may appear in an error: user info (which could hold a key) and the query
    /// string are cut out, since a malformed value cannot be parsed to find them reliably.
    /// </summary>
    internal static string Shown(string text)
    {
        var shown = text;
        var at = shown.LastIndexOf('@');
        if (at >= 0)
        {
            var schemeEnd = shown.IndexOf("://", StringComparison.Ordinal);
            var start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
            shown = string.Concat(shown.AsSpan(0, start), "***", shown.AsSpan(at));
        }

        var query = shown.IndexOfAny(['?', '#']);
        return query >= 0 ? shown[..query] : shown;
    }

    /// <summary>True for <c>localhost</c> and loopback IP addresses (127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback
        || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
