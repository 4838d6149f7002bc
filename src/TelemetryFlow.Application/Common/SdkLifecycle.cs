namespace TelemetryFlow.Application.Common;

/// <summary>The lifecycle state of one SDK instance, shared by the client, the guard and the handlers.</summary>
internal sealed class SdkLifecycle
{
    private const int Created = 0;
    private const int Running = 1;
    private const int Stopped = 2;
    private const int Failed = 3;

    private readonly TimeProvider _time;
    private int _state = Created;

    public SdkLifecycle(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public DateTimeOffset? StartedAt { get; private set; }

    public bool IsRunning => Volatile.Read(ref _state) == Running;

    public bool HasStopped => Volatile.Read(ref _state) == Stopped;

    public bool HasFailed => Volatile.Read(ref _state) == Failed;

    /// <summary>The error that made initialization fail, kept so later calls can report it.</summary>
    public Exception? Failure { get; private set; }

    public TimeSpan Uptime => StartedAt is { } started && IsRunning ? _time.GetUtcNow() - started : TimeSpan.Zero;

    public void MarkRunning(DateTimeOffset now)
    {
        StartedAt = now;
        Volatile.Write(ref _state, Running);
    }

    /// <summary>Moves to stopped; returns false when it was not running (so shutdown runs once).</summary>
    public bool TryMarkStopped() => Interlocked.CompareExchange(ref _state, Stopped, Running) == Running;

    public void MarkFailed(Exception error)
    {
        Failure = error;
        Volatile.Write(ref _state, Failed);
    }
}
