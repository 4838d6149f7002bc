using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// Delivers stored batches in the background, oldest first: a pass every <see cref="Interval"/>, and one
/// right away when a live export has just succeeded (the backend is back). A file is deleted only once
/// the backend accepted it (or refused it for good); a signal whose replay fails, or whose circuit is
/// open, is left for the next pass. Items stored by this process become exported; items stored by an
/// earlier one are counted in <see cref="SignalStatus.ReplayedFromPreviousRun"/>.
/// </summary>
internal sealed class Replayer : IDisposable
{
    /// <summary>Default time between two passes when nothing triggers one earlier.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    private readonly PersistentStore _store;
    private readonly StoredBatchSender _sender;
    private readonly CircuitBreakers _breakers;
    private readonly ExportAccounting _accounting;
    private readonly SemaphoreSlim _kick = new(0, 1);
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private int _disposed;

    public Replayer(PersistentStore store, StoredBatchSender sender, CircuitBreakers breakers, ExportAccounting accounting, TimeSpan interval)
    {
        _store = store;
        _sender = sender;
        _breakers = breakers;
        _accounting = accounting;
        Interval = interval;
    }

    public TimeSpan Interval { get; }

    /// <summary>Starts the background loop; its first pass runs at once (an earlier run may have left batches).</summary>
    public void Start() => _loop ??= Task.Run(LoopAsync);

    /// <summary>Asks for a pass now, if anything is stored. Never blocks.</summary>
    public void Kick()
    {
        if (!_store.HasBatches || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            if (_kick.CurrentCount == 0)
            {
                _kick.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another kick got there first.
        }
    }

    /// <summary>Runs one pass on the calling thread (flush and shutdown).</summary>
    /// <returns><see langword="false"/> when the pass did not finish within <paramref name="timeout"/>.</returns>
    public bool ReplayOnce(TimeSpan timeout)
    {
        if (!_store.HasBatches || Volatile.Read(ref _disposed) != 0)
        {
            return true;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        limit.CancelAfter(timeout);
        try
        {
            // Task.Run: the caller may sit on a synchronization context; the pass must not need it.
            Task.Run(() => PassAsync(limit.Token), limit.Token).GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops the background loop, waiting at most <paramref name="timeout"/> for a pass in progress.</summary>
    public void Stop(TimeSpan timeout)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            _loop?.Wait(timeout);
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; nothing else is expected, and nothing may escape shutdown.
        }
    }

    /// <summary>One pass over the stored batches, oldest first.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var waiting = new HashSet<SignalType>();
            foreach (var file in _store.List())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!waiting.Contains(file.Signal) && !await ReplayAsync(file, cancellationToken).ConfigureAwait(false))
                {
                    waiting.Add(file.Signal);
                }
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Stop(TimeSpan.FromSeconds(1));
        _sender.Dispose();
        _stopping.Dispose();
        _kick.Dispose();
        _pass.Dispose();
    }

    /// <summary>Replays one file; returns <see langword="false"/> when its signal should wait for the next pass.</summary>
    private async Task<bool> ReplayAsync(StoredFile file, CancellationToken cancellationToken)
    {
        using var lease = _store.TryOpen(file);
        if (lease is null)
        {
            // Gone, or another replayer holds it.
            return true;
        }

        if (lease.Batch is not { } batch)
        {
            // Corrupt: the store deleted it.
            return true;
        }

        if (!_sender.TryTakeBudget())
        {
            return false;
        }

        var breaker = _breakers.For(batch.Signal);
        if (breaker is not null && !breaker.TryAcquire())
        {
            return false;
        }

        FailureKind result;
        try
        {
            result = await _sender.SendAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            breaker?.Abandon();
            throw;
        }

        var statistics = _accounting.For(batch.Signal);
        var thisRun = batch.RunId == _store.RunId;
        switch (result)
        {
            case FailureKind.None:
                breaker?.RecordSuccess();
                lease.Complete();
                statistics.RecordReplayed(batch.Items, thisRun);
                return true;
            case FailureKind.Permanent:
                breaker?.RecordFailure();
                lease.Complete();
                statistics.RecordReplayRejected(batch.Items, thisRun);
                return true;
            default:
                breaker?.RecordFailure();
                return false;
        }
    }

    private async Task LoopAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await PassAsync(stopping).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A bad file or a bug must not end replay for the life of the client; the next pass tries again.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                }

                await _kick.WaitAsync(Interval, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
