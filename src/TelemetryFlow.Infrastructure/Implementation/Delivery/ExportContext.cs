namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>What became of an export's items, as the delivery handler saw it.</summary>
internal enum ExportOutcome
{
    /// <summary>The backend accepted the request.</summary>
    Delivered,

    /// <summary>The export failed and the items could not be kept.</summary>
    Failed,

    /// <summary>The backend refused the request for good (HTTP 400/401/403/413, gRPC INVALID_ARGUMENT/UNAUTHENTICATED/PERMISSION_DENIED).</summary>
    Rejected,

    /// <summary>The export failed and the items were written to disk for a later replay.</summary>
    Stored,

    /// <summary>The circuit breaker was open: the backend was not called and the items were dropped.</summary>
    CircuitOpen,

    /// <summary>The items should have been stored, but the storage directory is at its size cap.</summary>
    StorageFull,

    /// <summary>The items should have been stored, but writing the file failed.</summary>
    StorageError,
}

/// <summary>
/// The export in progress on this flow of execution. <c>ObservedExporter</c> enters one around each call
/// to the OTLP exporter; the delivery handler, which runs inside that call (synchronously for HTTP, and on
/// the same ExecutionContext for gRPC's async send), tells it what became of the items.
/// </summary>
internal sealed class ExportContext
{
    private static readonly AsyncLocal<ExportContext?> Ambient = new();
    private int _outcome = -1;

    private ExportContext(long items) => Items = items;

    /// <summary>The export in progress here, or <see langword="null"/> outside one (replays, tests).</summary>
    public static ExportContext? Current => Ambient.Value;

    /// <summary>Items in the batch being exported.</summary>
    public long Items { get; }

    /// <summary>The outcome the delivery handler reported; <see langword="null"/> when it reported none.</summary>
    public ExportOutcome? Outcome
    {
        get
        {
            var value = Volatile.Read(ref _outcome);
            return value < 0 ? null : (ExportOutcome)value;
        }

        set => Volatile.Write(ref _outcome, value is null ? -1 : (int)value.Value);
    }

    /// <summary>Makes a new context current until the returned scope is disposed.</summary>
    /// <param name="items">Items in the batch.</param>
    /// <returns>The scope; disposing it restores the previous context.</returns>
    public static Scope Enter(long items)
    {
        var previous = Ambient.Value;
        var context = new ExportContext(items);
        Ambient.Value = context;
        return new Scope(context, previous);
    }

    /// <summary>Keeps an <see cref="ExportContext"/> current; restores the previous one when disposed.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly ExportContext? _previous;

        public Scope(ExportContext context, ExportContext? previous)
        {
            Context = context;
            _previous = previous;
        }

        public ExportContext Context { get; }

        public void Dispose() => Ambient.Value = _previous;
    }
}
