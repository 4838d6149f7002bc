namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>How <see cref="PersistentStore.TryStore"/> ended.</summary>
internal enum StoreResult
{
    Stored,
    Full,
    Error,
}
