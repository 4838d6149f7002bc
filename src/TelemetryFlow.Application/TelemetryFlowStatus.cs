namespace TelemetryFlow;

/// <summary>A snapshot of the SDK's state. Contains no secret.</summary>
/// <remarks>
/// Built with init-only properties, so a later version can add a member without breaking code compiled
/// against this one. The identity members are <see langword="required"/>; the rest default to zero,
/// <see langword="false"/> or <see langword="null"/>. Members added later are never <see langword="required"/>.
/// </remarks>
public sealed record TelemetryFlowStatus
{
    /// <summary>Whether the SDK is running.</summary>
    public bool IsInitialized { get; init; }

    /// <summary>The SDK version.</summary>
    public required string SdkVersion { get; init; }

    /// <summary>The configured service name.</summary>
    public required string ServiceName { get; init; }

    /// <summary>The service version (<c>service.version</c>); empty when the service has none.</summary>
    public required string ServiceVersion { get; init; }

    /// <summary>The deployment environment.</summary>
    public required string Environment { get; init; }

    /// <summary>The export endpoint URL.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The OTLP transport.</summary>
    public Protocol Protocol { get; init; }

    /// <summary>The enabled signals.</summary>
    public SignalType EnabledSignals { get; init; }

    /// <summary>Time since initialization; zero when not running.</summary>
    public TimeSpan Uptime { get; init; }

    /// <summary>Accounting for traces.</summary>
    public required SignalStatus Traces { get; init; }

    /// <summary>Accounting for metrics.</summary>
    public required SignalStatus Metrics { get; init; }

    /// <summary>Accounting for logs.</summary>
    public required SignalStatus Logs { get; init; }

    /// <summary>Spans started with <c>StartSpan</c> and not yet ended.</summary>
    public int OpenSpans { get; init; }

    /// <summary>Open spans ended by the SDK because the registry of open spans was full.</summary>
    public long EvictedSpans { get; init; }
}
