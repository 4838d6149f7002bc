using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// The .NET platform's built-in meters behind each <see cref="PlatformMetrics"/> group, subscribed by name (a meter
/// that does not exist in the app costs nothing), and the instruments a group's switch leaves out.
/// </summary>
/// <remarks>
/// On .NET 9 and later these meters carry what OpenTelemetry's runtime, process, HttpClient and ASP.NET Core
/// instrumentation packages used to add, under the semantic-convention names, so the SDK needs none of those packages.
/// </remarks>
internal sealed class PlatformMeters
{
    /// <summary>The runtime's meter; its <c>dotnet.process.*</c> instruments are the process group.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>ASP.NET Core's hosting meter, which records <c>http.server.request.duration</c>.</summary>
    public const string HostingMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>
    /// The cardinality limit of the runtime's instruments whose attributes are not a fixed enumeration:
    /// <c>dotnet.exceptions</c> has one attribute set per exception type. OpenTelemetry preallocates storage per
    /// instrument for its limit: at the default 2,000 the runtime meter's instruments took about 4 MB of heap.
    /// </summary>
    public const int RuntimeCardinalityLimit = 200;

    /// <summary>
    /// The cardinality limit of the runtime's instruments whose attribute values are a fixed enumeration (GC
    /// generations: 5, CPU modes: 2; most have no attributes). Twenty streams at <see cref="RuntimeCardinalityLimit"/>
    /// kept about 0.4 MB of preallocated points alive for a handful of values, which the first garbage collection of
    /// a short-lived app had to mark and move (docs/benchmarks.md, Native AOT). A set beyond it is still counted as
    /// an overflow, never lost silently.
    /// </summary>
    public const int EnumeratedRuntimeCardinalityLimit = 16;

    // The runtime's instrument families whose attributes are enumerations (dotnet.gc.*, dotnet.process.*) or absent.
    private static readonly string[] EnumeratedRuntimePrefixes =
        ["dotnet.gc.", ProcessInstrumentPrefix, "dotnet.jit.", "dotnet.thread_pool.", "dotnet.monitor.", "dotnet.timer.", "dotnet.assembly."];

    private const string ProcessInstrumentPrefix = "dotnet.process.";

    // Upper bounds on the instruments each group's meters create on .NET 10 (runtime and process about 25, HttpClient
    // and DNS 7, the ASP.NET Core meters about 40, Kestrel about 10, its memory pool 4 more when the app adds it), with room for new ones.
    // OpenTelemetry's stream limit counts these too; the reserve keeps MaxMetricStreams the app's own. A reserved slot
    // is one array element in OpenTelemetry's metric reader, so the bounds are generous.
    private const int RuntimeStreams = 48;
    private const int HttpClientStreams = 16;
    private const int AspNetCoreStreams = 80;
    private const int KestrelStreams = 32;

    private static readonly string[] HttpClient = ["System.Net.Http", "System.Net.NameResolution"];

    private static readonly string[] AspNetCore =
    [
        HostingMeter,
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.HeaderParsing",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Identity",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
    ];

    // Not Microsoft.AspNetCore.MemoryPool: it records on every buffer rent and return, several per request (about
    // 1.5 % of a minimal web app's CPU, docs/benchmarks.md), for pool sizes that matter only when chasing memory.
    // WithMeters adds it.
    private static readonly string[] Kestrel = ["Microsoft.AspNetCore.Server.Kestrel"];

    private readonly bool _runtime;
    private readonly bool _process;

    // The app subscribed System.Runtime itself (WithMeters): then every instrument of it is wanted.
    private readonly bool _runtimeRequested;

    public PlatformMeters(PlatformMetrics groups, IReadOnlyList<string> appMeters)
    {
        _runtime = groups.HasFlag(PlatformMetrics.Runtime);
        _process = groups.HasFlag(PlatformMetrics.Process);
        _runtimeRequested = appMeters.Contains(RuntimeMeter, StringComparer.Ordinal);
        Names =
        [
            .. _runtime || _process ? [RuntimeMeter] : Array.Empty<string>(),
            .. groups.HasFlag(PlatformMetrics.HttpClient) ? HttpClient : [],
            .. groups.HasFlag(PlatformMetrics.AspNetCore) ? AspNetCore : [],
            .. groups.HasFlag(PlatformMetrics.Kestrel) ? Kestrel : [],
        ];
        StreamReserve =
            (_runtime || _process ? RuntimeStreams : 0)
            + (groups.HasFlag(PlatformMetrics.HttpClient) ? HttpClientStreams : 0)
            + (groups.HasFlag(PlatformMetrics.AspNetCore) ? AspNetCoreStreams : 0)
            + (groups.HasFlag(PlatformMetrics.Kestrel) ? KestrelStreams : 0);
    }

    /// <summary>
    /// The metric streams reserved for the subscribed groups on top of <see cref="TelemetryLimits.MaxMetricStreams"/>, so
    /// the platform's instruments, created first, never take the slots of the app's own metrics.
    /// </summary>
    public int StreamReserve { get; }

    /// <summary>The meter names to subscribe.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether <paramref name="meterName"/> is one of the subscribed platform meters.</summary>
    public bool Contains(string meterName) => Names.Contains(meterName, StringComparer.Ordinal);

    /// <summary>Subscribes the groups' meters.</summary>
    public void AddTo(MeterProviderBuilder builder) => builder.AddMeter([.. Names]);

    /// <summary>The cardinality limit of <paramref name="instrument"/>'s stream: <paramref name="configured"/>, or less for the runtime's instruments.</summary>
    public static int CardinalityLimit(Instrument instrument, int configured)
    {
        if (instrument.Meter.Name != RuntimeMeter)
        {
            return configured;
        }

        foreach (var prefix in EnumeratedRuntimePrefixes)
        {
            if (instrument.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Math.Min(configured, EnumeratedRuntimeCardinalityLimit);
            }
        }

        return Math.Min(configured, RuntimeCardinalityLimit);
    }

    /// <summary>
    /// Whether <paramref name="instrument"/> belongs to a group that is off though its meter is subscribed: runtime and
    /// process share <c>System.Runtime</c>, so one can be on without the other.
    /// </summary>
    public bool LeavesOut(Instrument instrument)
    {
        if (_runtime == _process || _runtimeRequested || instrument.Meter.Name != RuntimeMeter)
        {
            return false;
        }

        var isProcess = instrument.Name.StartsWith(ProcessInstrumentPrefix, StringComparison.Ordinal);
        return isProcess ? !_process : !_runtime;
    }
}
