namespace TelemetryFlow.Application.Common;

/// <summary>
/// Why items were dropped: the one place each reason is declared. Its <see cref="Value"/> is the key of
/// <c>SignalStatus.DroppedByReason</c> and the reason of the <c>TelemetryDropped</c> event, so these strings are
/// part of the contract and never change.
/// </summary>
internal readonly record struct DropReason
{
    private DropReason(string value) => Value = value;

    /// <summary>The in-memory export queue was full.</summary>
    public static DropReason QueueFull { get; } = new("queue-full");

    /// <summary>The export failed and the items could not be kept.</summary>
    public static DropReason ExportFailed { get; } = new("export-failed");

    /// <summary>The backend refused the export for good (HTTP 400/401/403/413, gRPC INVALID_ARGUMENT/UNAUTHENTICATED/PERMISSION_DENIED).</summary>
    public static DropReason ExportRejected { get; } = new("export-rejected");

    /// <summary>The circuit breaker was open, so the backend was not called (and storage is off).</summary>
    public static DropReason CircuitOpen { get; } = new("circuit-open");

    /// <summary>The items should have been stored on disk, but the directory is at its size cap.</summary>
    public static DropReason StorageFull { get; } = new("storage-full");

    /// <summary>The items should have been stored on disk, but writing the file failed.</summary>
    public static DropReason StorageError { get; } = new("storage-error");

    /// <summary>Stored items the backend refused for good when they were replayed.</summary>
    public static DropReason ReplayRejected { get; } = new("replay-rejected");

    /// <summary>An item larger than the request size cap even alone, with its resource and scope.</summary>
    public static DropReason ItemTooLarge { get; } = new("item-too-large");

    /// <summary>The client-side rate limit was exceeded.</summary>
    public static DropReason RateLimited { get; } = new("rate-limited");

    /// <summary>Still queued when the pipeline shut down (a flush that timed out, or a call racing shutdown).</summary>
    public static DropReason NotFlushed { get; } = new("not-flushed");

    /// <summary>A measurement for a new metric name beyond the metric stream limit (<c>TelemetryLimits.MaxMetricStreams</c>).</summary>
    public static DropReason MetricLimit { get; } = new("metric-limit");

    /// <summary>A counter increment refused because the counter's total could otherwise pass <see cref="long.MaxValue"/> and wrap.</summary>
    public static DropReason ValueOutOfRange { get; } = new("value-out-of-range");

    /// <summary>A measurement that is not a number or infinite, or a negative counter increment.</summary>
    public static DropReason InvalidValue { get; } = new("invalid-value");

    /// <summary>The reason as it appears in status and events.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value;
}
