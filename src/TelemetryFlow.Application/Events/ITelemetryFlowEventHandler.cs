namespace TelemetryFlow;

/// <summary>
/// Receives the SDK's domain events of one type. Subscribe with
/// <see cref="ITelemetryFlowClient.Subscribe{TEvent}(ITelemetryFlowEventHandler{TEvent})"/>, or in a
/// host register it in DI (<c>services.AddSingleton&lt;ITelemetryFlowEventHandler&lt;ExportFailed&gt;, MyHandler&gt;()</c>)
/// and <c>AddTelemetryFlow()</c> subscribes it.
/// </summary>
/// <typeparam name="TEvent">The event type; <see cref="TelemetryFlowEvent"/> receives every event.</typeparam>
/// <remarks>
/// Handlers run on the SDK's export threads; keep them quick. An exception from a handler is
/// caught and counted, and never reaches the application.
/// </remarks>
#pragma warning disable CA1711 // Handles TelemetryFlow domain events; not a .NET event-handler delegate.
public interface ITelemetryFlowEventHandler<in TEvent>
#pragma warning restore CA1711
    where TEvent : TelemetryFlowEvent
{
    /// <summary>Handles one event.</summary>
    /// <param name="telemetryEvent">The event.</param>
    /// <param name="cancellationToken">Cancelled when the SDK shuts down.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(TEvent telemetryEvent, CancellationToken cancellationToken);
}
