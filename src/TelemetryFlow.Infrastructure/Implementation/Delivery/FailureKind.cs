namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>How an export attempt ended, for the decision to retry, store or give up.</summary>
internal enum FailureKind
{
    /// <summary>The backend accepted the request.</summary>
    None,

    /// <summary>Worth retrying: HTTP 429/502/503/504, a connection failure, gRPC UNAVAILABLE/DEADLINE_EXCEEDED/ABORTED, and RESOURCE_EXHAUSTED with a retry hint.</summary>
    Transient,

    /// <summary>Never worth retrying or storing: HTTP 400/401/403/413, gRPC INVALID_ARGUMENT/UNAUTHENTICATED/PERMISSION_DENIED, and RESOURCE_EXHAUSTED without a retry hint.</summary>
    Permanent,

    /// <summary>Any other failure: not retried, but kept on disk when storage is on, since it may pass later.</summary>
    Other,
}
