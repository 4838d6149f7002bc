using Microsoft.Extensions.Logging;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Infrastructure.Lifecycle;
using TelemetryFlow.Testing;

namespace TelemetryFlow.UnitTests.Infrastructure.Lifecycle;

/// <summary>
/// Against a logs-only runtime exporting to a real receiver (a logger factory listens to nothing else in the process):
/// one log record waits in the batch queue, whose scheduled export (10 minutes) is far beyond the test, so only a flush sends it.
/// </summary>
public sealed class FlushTelemetryCommandHandlerTests : IAsyncLifetime, IDisposable
{
    private readonly SdkLifecycle _lifecycle = new();
    private OtlpReceiver _receiver = null!;
    private TestRuntime _runtime = null!;

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        var config = TestRuntimes.Builder()
            .WithEndpoint(_receiver.GrpcEndpoint.ToString())
            .WithLogsOnly()
            .WithRetry(enabled: false)
            .WithBatchSettings(scheduledDelay: TimeSpan.FromMinutes(10))
            .Build();
        _runtime = TestRuntimes.Create(config);
        _runtime.Start();
        _runtime.Logger.LogInformation("pending until flushed");
    }

    [Fact]
    public async Task Handle_NotRunning_SucceedsWithoutFlushing()
    {
        Assert.True(await Handler().Handle(new FlushTelemetryCommand(TimeSpan.FromSeconds(10)), default));

        Assert.Empty(_receiver.Requests);

        // Control: the record was pending all along, and a flush of the runtime itself does send it.
        Assert.True(_runtime.Flush(TimeSpan.FromSeconds(10)));
        Assert.Equal("pending until flushed", Assert.Single(_receiver.Logs).BodyText);
    }

    [Fact]
    public async Task Handle_Running_ExportsWhatWasRecordedBeforeReturningTrue()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);

        Assert.True(await Handler().Handle(new FlushTelemetryCommand(Timeout.InfiniteTimeSpan), default));

        // No wait: a true flush means the receiver already acknowledged the record.
        Assert.Equal("pending until flushed", Assert.Single(_receiver.Logs).BodyText);
        Assert.Equal((1L, 0L), (_runtime.Logs.Snapshot(enabled: true).Exported, _runtime.Logs.Snapshot(enabled: true).Pending));
    }

    [Fact]
    public async Task Handle_RunningWithNothingPending_Succeeds()
    {
        _lifecycle.MarkRunning(DateTimeOffset.UtcNow);
        Assert.True(_runtime.Flush(TimeSpan.FromSeconds(10)));
        var requests = _receiver.Requests.Count;

        Assert.True(await Handler().Handle(new FlushTelemetryCommand(Timeout.InfiniteTimeSpan), default));

        Assert.Equal(requests, _receiver.Requests.Count);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _runtime?.Dispose();

    private LifecycleCommandHandler Handler() => new(_runtime.Pipeline, _lifecycle, TimeProvider.System, new RecordingEventSink());
}
