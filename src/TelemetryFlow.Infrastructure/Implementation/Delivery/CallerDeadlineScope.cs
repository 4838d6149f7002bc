namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>Restores the previous caller deadline of this thread when disposed.</summary>
internal readonly struct CallerDeadlineScope(DateTimeOffset? previous) : IDisposable
{
    public void Dispose() => RequestBudget.RestoreCallerDeadline(previous);
}
