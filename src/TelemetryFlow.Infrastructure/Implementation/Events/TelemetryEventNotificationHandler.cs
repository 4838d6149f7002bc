using Mediator;
using TelemetryFlow.Application.Events;

namespace TelemetryFlow.Infrastructure.Implementation.Events;

/// <summary>Delivers a published domain event to the client's subscribers.</summary>
internal sealed class TelemetryEventNotificationHandler : INotificationHandler<TelemetryEventNotification>
{
    private readonly EventSubscribers _subscribers;

    public TelemetryEventNotificationHandler(EventSubscribers subscribers) => _subscribers = subscribers;

    public ValueTask Handle(TelemetryEventNotification notification, CancellationToken cancellationToken) =>
        _subscribers.DispatchAsync(notification.Event);
}
