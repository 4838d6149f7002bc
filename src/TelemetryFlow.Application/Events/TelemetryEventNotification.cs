using Mediator;

namespace TelemetryFlow.Application.Events;

/// <summary>Carries a domain event through the mediator to the subscribers.</summary>
/// <param name="Event">The event.</param>
internal sealed record TelemetryEventNotification(TelemetryFlowEvent Event) : INotification;
