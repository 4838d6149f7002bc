using System.Collections.Immutable;

namespace TelemetryFlow.Application.Events;

/// <summary>The subscribers of one client, per event type. Thread-safe; copy-on-write, since events are rare and subscriptions rarer.</summary>
internal sealed class EventSubscribers
{
    private ImmutableList<Subscription> _subscriptions = [];
    private long _handlerFailures;

    /// <summary>Exceptions thrown by subscribers, caught so they never reach the application.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    public IDisposable Add<TEvent>(ITelemetryFlowEventHandler<TEvent> handler)
        where TEvent : TelemetryFlowEvent
    {
        var subscription = new Subscription(
            e => e is TEvent typed ? handler.HandleAsync(typed, CancellationToken.None) : ValueTask.CompletedTask,
            this);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    public async ValueTask DispatchAsync(TelemetryFlowEvent telemetryEvent)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            try
            {
                await subscription.Handle(telemetryEvent).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A subscriber's bug must never reach the application or the export thread.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _handlerFailures);
            }
        }
    }

    private void Remove(Subscription subscription) => ImmutableInterlocked.Update(ref _subscriptions, list => list.Remove(subscription));

    private sealed class Subscription(Func<TelemetryFlowEvent, ValueTask> handle, EventSubscribers owner) : IDisposable
    {
        public Func<TelemetryFlowEvent, ValueTask> Handle { get; } = handle;

        public void Dispose() => owner.Remove(this);
    }
}

/// <summary>Adapts a delegate to <see cref="ITelemetryFlowEventHandler{TEvent}"/>.</summary>
internal sealed class DelegateEventHandler<TEvent>(Action<TEvent> handle) : ITelemetryFlowEventHandler<TEvent>
    where TEvent : TelemetryFlowEvent
{
    public ValueTask HandleAsync(TEvent telemetryEvent, CancellationToken cancellationToken)
    {
        handle(telemetryEvent);
        return ValueTask.CompletedTask;
    }
}
