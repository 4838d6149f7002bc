using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>The SDK's EventSource, as an <see cref="System.Diagnostics.Tracing.EventListener"/> (or OTEL_DIAGNOSTICS.json) sees it.</summary>
[Collection(SafetyScenarios.Name)]
public sealed class SelfDiagnosticsTests
{
    private const string Secret = "tfs_CANARY_diagnostics_4d7a19";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EventSource_EndpointRefusesConnections_WritesInitializedAndExportFailedWithoutTheSecret()
    {
        using var diagnostics = new DiagnosticEvents();
        var service = "diagnostics-" + Guid.NewGuid().ToString("N");
        using var refusing = RefusingEndpoint.Create();
        var raised = new TaskCompletionSource<(ExportFailed Event, int Thread)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new TelemetryFlowBuilder()
            .WithApiKey("tfk_diagnostics", Secret)
            .WithService(service)
            .WithHttp()
            .WithEndpoint(refusing.Uri.ToString())
            .WithTracesOnly()
            .WithRetry(enabled: false)
            .WithCircuitBreaker(enabled: false)
            .WithTimeout(TimeSpan.FromSeconds(1))
            .BuildClient();

        // The EventSource event is written on the thread that raises the domain event, just before subscribers
        // hear it: the thread and payload tell this client's event from those of tests running alongside.
        using var subscription = client.Subscribe<ExportFailed>(e => raised.TrySetResult((e, Environment.CurrentManagedThreadId)));
        client.Initialize();
        using (client.Span("doomed"))
        {
        }

        _ = client.FlushAsync();
        var (domainEvent, thread) = await raised.Task.WaitAsync(Timeout);

        var initialized = await diagnostics.WaitForAsync(e => e.EventSource.Name == DiagnosticEvents.SourceName && e.EventId == 1 && Equals(e.Payload?[0], service), Timeout);
        Assert.Equal(System.Diagnostics.Tracing.EventLevel.Informational, initialized.Level);
        Assert.Equal("127.0.0.1", initialized.Payload![1]);

        Assert.Equal(SignalType.Traces, domainEvent.Signal);
        var written = diagnostics.Captured
            .Where(c => c.Thread == thread && c.Event.EventSource.Name == DiagnosticEvents.SourceName && c.Event.EventId == 4)
            .Select(c => c.Event)
            .FirstOrDefault(e => e.Payload!.SequenceEqual(["Traces", domainEvent.Reason, domainEvent.Items]));
        Assert.NotNull(written);
        Assert.Equal(System.Diagnostics.Tracing.EventLevel.Warning, written.Level);
        Assert.Contains("connection", domainEvent.Reason, StringComparison.OrdinalIgnoreCase);

        Assert.DoesNotContain(Secret, diagnostics.Text, StringComparison.Ordinal);
    }
}
