using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Diagnostics;

public sealed class TelemetryFlowEventSourceTests
{
    private static readonly Uri Endpoint = new("https://tfk_user:tfs_not_in_events@collector.example:4317/otlp");

    /// <summary>Each domain event, the diagnostic event id and level it becomes, and its payload.</summary>
    public static TheoryData<string> DomainEvents => new(Mappings.Keys);

    private static readonly Dictionary<string, (TelemetryFlowEvent Event, int Id, EventLevel Level, object[] Payload)> Mappings = new(StringComparer.Ordinal)
    {
        ["SdkInitialized"] = (new SdkInitialized(DateTimeOffset.UnixEpoch, "checkout", SignalType.Traces | SignalType.Logs), 1, EventLevel.Informational, ["checkout", "collector.example", "Traces, Logs"]),
        ["SdkShutdown"] = (new SdkShutdown(DateTimeOffset.UnixEpoch, true), 3, EventLevel.Informational, [true]),
        ["ExportFailed"] = (new ExportFailed(DateTimeOffset.UnixEpoch, SignalType.Logs, "HTTP 503", 12), 4, EventLevel.Warning, ["Logs", "HTTP 503", 12L]),
        ["ExportRecovered"] = (new ExportRecovered(DateTimeOffset.UnixEpoch, SignalType.Metrics, 3), 5, EventLevel.Informational, ["Metrics", 3]),
        ["TelemetryDropped"] = (new TelemetryDropped(DateTimeOffset.UnixEpoch, SignalType.Traces, "queue-full", 7), 6, EventLevel.Warning, ["Traces", "queue-full", 7L]),
        ["CircuitBreakerOpened"] = (new CircuitBreakerOpened(DateTimeOffset.UnixEpoch, SignalType.Traces, TimeSpan.FromSeconds(30)), 7, EventLevel.Warning, ["Traces", 30.0]),
        ["CircuitBreakerClosed"] = (new CircuitBreakerClosed(DateTimeOffset.UnixEpoch, SignalType.Traces), 8, EventLevel.Informational, ["Traces"]),
        ["HealthChanged"] = (new HealthChanged(DateTimeOffset.UnixEpoch, HealthState.Healthy, HealthState.Degraded, "traces: failing"), 9, EventLevel.Informational, ["Healthy", "Degraded", "traces: failing"]),
    };

    [Fact]
    public void EventSource_IsNamedForOpenTelemetrySelfDiagnostics()
    {
        Assert.Equal("OpenTelemetry-TelemetryFlow", TelemetryFlowEventSource.Log.Name);
        Assert.Equal("OpenTelemetry-TelemetryFlow", EventSource.GetName(typeof(TelemetryFlowEventSource)));
    }

    [Fact]
    public void Manifest_IsValid()
    {
        // Strict manifest generation fails on an event whose WriteEvent call does not match its signature or id.
        var manifest = EventSource.GenerateManifest(typeof(TelemetryFlowEventSource), string.Empty, EventManifestOptions.Strict);

        Assert.NotNull(manifest);
        Assert.Contains("OpenTelemetry-TelemetryFlow", manifest, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DomainEvents))]
    public void Write_DomainEvent_BecomesItsDiagnosticEvent(string name)
    {
        var (domainEvent, id, level, payload) = Mappings[name];
        using var listener = new Listener();

        TelemetryFlowEventSource.Log.Write(domainEvent, Endpoint);

        var written = Assert.Single(listener.Events, e => e.EventId == id && Equals(e.Payload?[0], payload[0]));
        Assert.Equal(level, written.Level);
        Assert.Equal(payload, written.Payload);
        Assert.DoesNotContain("tfs_not_in_events", string.Join("|", written.Payload!), StringComparison.Ordinal);
    }

    [Fact]
    public void DirectEvents_InitializationFailedAndCardinality_CarryTheirPayload()
    {
        using var listener = new Listener();

        TelemetryFlowEventSource.Log.SdkInitializationFailed("System.InvalidOperationException");
        TelemetryFlowEventSource.Log.MetricCardinalityLimitReached("orders.placed", 2000);

        Assert.Contains(listener.Events, e => e.EventId == 2 && e.Level == EventLevel.Error && Equals(e.Payload?[0], "System.InvalidOperationException"));
        Assert.Contains(listener.Events, e => e.EventId == 10 && e.Level == EventLevel.Warning && Equals(e.Payload?[0], "orders.placed") && Equals(e.Payload?[1], 2000));
    }

    private sealed class Listener : EventListener
    {
        private readonly ConcurrentQueue<EventWrittenEventArgs> _events = new();

        public IReadOnlyList<EventWrittenEventArgs> Events => [.. _events];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == TelemetryFlowEventSource.SourceName)
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => _events.Enqueue(eventData);
    }
}
