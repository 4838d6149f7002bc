using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>
/// Captures the events of every <c>OpenTelemetry-*</c> EventSource (the SDK's own and OpenTelemetry's),
/// which is what the <c>OTEL_DIAGNOSTICS.json</c> self-diagnostics file would record.
/// </summary>
internal sealed class DiagnosticEvents : EventListener
{
    public const string SourceName = "OpenTelemetry-TelemetryFlow";

    private readonly ConcurrentQueue<(EventWrittenEventArgs Event, int Thread)> _events = new();
    private readonly ConcurrentBag<(Func<EventWrittenEventArgs, bool> Match, TaskCompletionSource<EventWrittenEventArgs> Done)> _waiters = [];

    /// <summary>Each event with the managed thread that wrote it (events are written synchronously).</summary>
    public IReadOnlyList<(EventWrittenEventArgs Event, int Thread)> Captured => [.. _events];

    /// <summary>Every captured event as one line: source, id, level, message and payload.</summary>
    public string Text => string.Join(Environment.NewLine, _events.Select(c => Describe(c.Event)));

    /// <summary>Completes with the first event, already captured or still to come, that matches.</summary>
    public Task<EventWrittenEventArgs> WaitForAsync(Func<EventWrittenEventArgs, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<EventWrittenEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((match, done));
        foreach (var (existing, _) in _events)
        {
            if (match(existing))
            {
                done.TrySetResult(existing);
                break;
            }
        }

        return done.Task.WaitAsync(timeout);
    }

    public static string Describe(EventWrittenEventArgs e) => string.Create(
        CultureInfo.InvariantCulture,
        $"{e.EventSource.Name} #{e.EventId} {e.Level} {e.Message} [{string.Join(", ", e.Payload ?? [])}]");

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name.StartsWith("OpenTelemetry-", StringComparison.Ordinal))
        {
            EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        _events.Enqueue((eventData, Environment.CurrentManagedThreadId));
        foreach (var (match, done) in _waiters)
        {
            if (match(eventData))
            {
                done.TrySetResult(eventData);
            }
        }
    }
}
