using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace TelemetryFlow.AspNetCore;

/// <summary>Options of the request middleware added by <c>app.UseTelemetryFlow()</c>.</summary>
public sealed class TelemetryFlowMiddlewareOptions
{
    /// <summary>Record <c>http.server.request.duration</c> (seconds) and <c>http.server.active_requests</c> (default <see langword="true"/>).</summary>
    /// <remarks>
    /// With the ASP.NET Core platform metrics on (<c>AspNetCoreMetrics</c>, the default), ASP.NET Core's hosting meter records
    /// both and <see langword="false"/> keeps requests out of its duration metric; otherwise the middleware records them.
    /// ASP.NET Core's switch (<c>IHttpMetricsTagsFeature.MetricsDisabled</c>) is per request, not per listener: another
    /// exporter of the hosting meter in the same app (Prometheus, say) then misses those requests too.
    /// </remarks>
    public bool RecordDuration { get; set; } = true;

    /// <summary>Record <c>http.server.requests</c>, a request counter (default <see langword="false"/>).</summary>
    /// <remarks>
    /// Off by default: <c>http.server.request.duration</c> already counts every request with the same attributes (a
    /// histogram's count), whether ASP.NET Core's hosting meter or the middleware records it, so the counter repeated that
    /// number at the cost of one more measurement per request. Turn it on for a backend query or dashboard that reads
    /// <c>http.server.requests</c>, or when <see cref="RecordDuration"/> is off and a request count is still wanted.
    /// </remarks>
    public bool RecordCount { get; set; }

    /// <summary>Record <c>http.server.errors</c>, a counter of 5xx responses and unhandled exceptions (default <see langword="true"/>).</summary>
    public bool RecordErrors { get; set; } = true;

    /// <summary>
    /// Paths that produce no span and no metric: exact (<c>/health</c>), or a prefix when they end
    /// with <c>*</c> (<c>/internal/*</c>). Case-insensitive. Default: <c>/health</c> and <c>/health/*</c>.
    /// </summary>
    /// <remarks>
    /// With the ASP.NET Core platform metrics on, an excluded request is also kept out of the hosting meter's
    /// <c>http.server.request.duration</c> through ASP.NET Core's per-request switch, so every listener of that meter in
    /// the app (another exporter too) misses it. Remove a path here to keep it in both.
    /// </remarks>
    public IList<string> ExcludedPaths { get; } = ["/health", "/health/*"];

    /// <summary>Called when a request completes, to add attributes to its server span.</summary>
    public Action<Activity, HttpContext>? EnrichSpan { get; set; }
}
