namespace TelemetryFlow;

/// <summary>
/// Groups of the .NET platform's built-in meters the SDK exports by default (all of them). Each group is also switched
/// by its own setting (<c>RuntimeMetrics</c>, <c>ProcessMetrics</c>, <c>HttpClientMetrics</c>, <c>AspNetCoreMetrics</c>,
/// <c>KestrelMetrics</c>, and the <c>TELEMETRYFLOW_*_METRICS</c> variables).
/// </summary>
[Flags]
public enum PlatformMetrics
{
    /// <summary>None of the platform's meters.</summary>
    None = 0,

    /// <summary>The runtime's <c>System.Runtime</c> meter: GC, heap, JIT, thread pool, locks, exceptions, assemblies (<c>dotnet.*</c>).</summary>
    Runtime = 1,

    /// <summary>The process instruments of <c>System.Runtime</c>: CPU time and count, working set (<c>dotnet.process.*</c>).</summary>
    Process = 2,

    /// <summary>Outgoing HTTP: <c>System.Net.Http</c> and <c>System.Net.NameResolution</c> (<c>http.client.*</c>, <c>dns.lookup.duration</c>).</summary>
    HttpClient = 4,

    /// <summary>
    /// ASP.NET Core: hosting (<c>http.server.request.duration</c> with <c>error.type</c>, <c>http.server.active_requests</c>),
    /// routing, diagnostics, rate limiting, header parsing, SignalR connections, authentication, authorization, Identity and
    /// Blazor (<c>aspnetcore.*</c>).
    /// </summary>
    AspNetCore = 8,

    /// <summary>
    /// Kestrel's connections and TLS handshakes (<c>kestrel.*</c>). Not its memory pool meter
    /// (<c>Microsoft.AspNetCore.MemoryPool</c>, which records on every buffer rent and return): add it with <c>WithMeters</c>.
    /// </summary>
    Kestrel = 16,

    /// <summary>Every group (the default).</summary>
    All = Runtime | Process | HttpClient | AspNetCore | Kestrel,
}
