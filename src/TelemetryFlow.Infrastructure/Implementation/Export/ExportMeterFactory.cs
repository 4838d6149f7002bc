using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// The meter factory of the SDK's own export transport, so that its requests stay out of the app's
/// <c>http.client.*</c> metrics: .NET's HttpClient meter records every request, the collector's included, unless the
/// handler is given a factory. The meters made here are named <see cref="MeterName"/> whatever the handler asks for,
/// so no subscription to <c>System.Net.Http</c> (this SDK's, another provider's, <c>dotnet-counters</c>) sees them.
/// An app that wants them subscribes that name (<c>WithMeters</c>).
/// </summary>
/// <remarks>
/// Without it, every export and replay request was measured as the app's outgoing HTTP traffic (a stream per
/// collector address), and the first export created the HttpClient meter's seven streams, each preallocated for the
/// cardinality limit: about 2 MB of heap in an app that makes no HTTP calls of its own, which forced a full garbage
/// collection in a short-lived Native AOT app (docs/benchmarks.md). OpenTelemetry's tracing instrumentation already
/// leaves the exporter's requests out; this does the same for the platform's metrics.
/// </remarks>
internal sealed class ExportMeterFactory : IMeterFactory
{
    /// <summary>The name of every meter made here: not a platform meter name, so nothing subscribes to it by default.</summary>
    public const string MeterName = "TelemetryFlow.Export.Http";

    /// <summary>The one factory of every export transport in the process: its meters are never exported.</summary>
    public static readonly ExportMeterFactory Instance = new();

    // A handler asks for its meter when it is created; one meter per name serves every transport.
    private readonly ConcurrentDictionary<string, Meter> _meters = new(StringComparer.Ordinal);

    private ExportMeterFactory()
    {
    }

    /// <inheritdoc />
    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _meters.GetOrAdd(options.Name, static (_, options) => new Meter(new MeterOptions(MeterName)
        {
            Version = options.Version,
            Tags = options.Tags,
            Scope = Instance,
        }), options);
    }

    /// <summary>Nothing to release: the meters live as long as the process, like the static HttpClient meter they replace.</summary>
    public void Dispose()
    {
    }
}
