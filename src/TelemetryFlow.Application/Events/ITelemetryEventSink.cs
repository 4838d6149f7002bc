namespace TelemetryFlow.Application.Events;

/// <summary>Where SDK components raise domain events; the implementation publishes them through the mediator.</summary>
internal interface ITelemetryEventSink
{
    void Raise(TelemetryFlowEvent telemetryEvent);
}
