namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>What became of (part of) an export's items, as the delivery handler saw it.</summary>
internal enum ExportOutcome
{
    /// <summary>The backend accepted the request.</summary>
    Delivered,

    /// <summary>The export failed and the items could not be kept.</summary>
    Failed,

    /// <summary>The backend refused the request for good (HTTP 400/401/403/413, gRPC INVALID_ARGUMENT/UNAUTHENTICATED/PERMISSION_DENIED, RESOURCE_EXHAUSTED without a retry hint).</summary>
    Rejected,

    /// <summary>The export failed and the items were written to disk for a later replay.</summary>
    Stored,

    /// <summary>The circuit breaker was open: the backend was not called and the items were dropped.</summary>
    CircuitOpen,

    /// <summary>The items should have been stored, but the storage directory is at its size cap.</summary>
    StorageFull,

    /// <summary>The items should have been stored, but writing the file failed.</summary>
    StorageError,

    /// <summary>An item larger than the request size cap even alone, with its resource and scope: never sent.</summary>
    TooLarge,
}
