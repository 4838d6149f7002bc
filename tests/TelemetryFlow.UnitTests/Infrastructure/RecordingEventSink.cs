using System.Collections.Concurrent;
using TelemetryFlow.Application.Events;

namespace TelemetryFlow.UnitTests.Infrastructure;

/// <summary>Collects raised domain events for assertions.</summary>
internal sealed class RecordingEventSink : ITelemetryEventSink
{
    private readonly ConcurrentQueue<TelemetryFlowEvent> _events = new();

    public IReadOnlyList<TelemetryFlowEvent> Events => [.. _events];

    public void Raise(TelemetryFlowEvent telemetryEvent) => _events.Enqueue(telemetryEvent);
}
