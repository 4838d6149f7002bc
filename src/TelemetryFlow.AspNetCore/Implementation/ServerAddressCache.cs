using Microsoft.AspNetCore.Http;

namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>
/// The <c>server.address</c> and <c>server.port</c> of the last <c>Host</c> header seen, so a stream of requests
/// to the same host parses the header (and boxes the port) once instead of on every request.
/// </summary>
/// <remarks>
/// One entry, replaced when the header changes: entries are immutable and published by reference, so
/// concurrent requests need no lock, and requests alternating between hosts are only as slow as without it.
/// Kestrel reuses a connection's header strings when the bytes repeat, so a hit is usually a reference comparison.
/// </remarks>
internal sealed class ServerAddressCache
{
    private Entry? _last;

    public Entry Get(HttpRequest request)
    {
        var header = request.Headers.Host.ToString();
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
