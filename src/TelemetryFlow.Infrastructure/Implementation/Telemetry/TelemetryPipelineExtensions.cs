using System.Diagnostics;
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

    /// <summary>Whether log records carry the <c>ILogger</c> scopes active when they were written.</summary>
    public bool IncludeLogScopes { get; set; }
}
