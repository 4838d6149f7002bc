using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Additions to a client's OpenTelemetry pipeline from an integration (for example ASP.NET Core's
/// request activity source and HttpClient instrumentation), applied when the providers are built.
/// </summary>
internal sealed class TelemetryPipelineExtensions
{
    public List<Action<TracerProviderBuilder>> Tracing { get; } = [];

    public List<Action<MeterProviderBuilder>> Metrics { get; } = [];

    /// <summary>
    /// Activity sources the integration owns by instance (for example the host's <c>Microsoft.AspNetCore</c>
    /// source): spans from other instances with the same name are not exported.
    /// </summary>
    public List<ActivitySource> OwnedSources { get; } = [];

    /// <summary>
    /// The host's <c>IMeterFactory</c>, when there is one. ASP.NET Core and IHttpClientFactory create their meters through
    /// it; instruments of a meter created by another factory (another host in the same process) are not exported.
    /// </summary>
    public IMeterFactory? HostMeterFactory { get; set; }

    /// <summary>Whether log records carry the <c>ILogger</c> scopes active when they were written.</summary>
    public bool IncludeLogScopes { get; set; }
}
