using Microsoft.AspNetCore.Http;

namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>
/// The <c>server.address</c> and <c>server.port</c> of the last <c>Host</c> header seen, so a stream of requests
/// to the same host parses the header (and boxes the port) once instead of on every request.
/// </summary>
/// <remarks>
/// One entry, replaced when the header changes: entries are immutable and published by reference, so concurrent
/// requests need no lock. Kestrel reuses a connection's header strings when the bytes repeat, so a hit is usually a
/// reference comparison. An app that serves many hosts at once (a subdomain per tenant) mostly misses: each miss
/// parses the header and allocates an entry, as the middleware did on every request before this cache.
/// </remarks>
internal sealed class ServerAddressCache
{
    private Entry? _last;

    /// <summary>The request's host and port, or <see langword="null"/> when it has no <c>Host</c> header (HTTP/1.0).</summary>
    public Entry? Get(HttpRequest request)
    {
        var header = request.Headers.Host.ToString();
        if (header.Length == 0)
        {
            return null;
        }

        var https = request.IsHttps;
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Https == https && string.Equals(last.Header, header, StringComparison.Ordinal))
        {
            return last;
        }

        var host = request.Host;
        var entry = new Entry(header, https, host.Host, host.Port ?? (https ? 443 : 80));
        Volatile.Write(ref _last, entry);
        return entry;
    }

    /// <summary>One parsed <c>Host</c> header.</summary>
    /// <param name="Header">The raw header value.</param>
    /// <param name="Https">Whether the request came over HTTPS (it decides the default port).</param>
    /// <param name="Address">The host name or address, without the port.</param>
    /// <param name="Port">The port, boxed once.</param>
    internal sealed record Entry(string Header, bool Https, string? Address, object Port);
}
