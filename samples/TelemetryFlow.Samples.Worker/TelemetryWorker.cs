using System.Diagnostics;

namespace TelemetryFlow.Samples.Worker;

/// <summary>How the worker runs: <c>Worker:Interval</c> in appsettings, <c>--iterations N</c> on the command line.</summary>
internal sealed class WorkerSettings
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Stop the host after this many iterations; <see langword="null"/> runs until Ctrl+C.</summary>
    public int? Iterations { get; set; }

    /// <summary>How many iterations ran so far.</summary>
    public int Completed => Volatile.Read(ref _completed);

    private int _completed;

    public void MarkCompleted() => Interlocked.Increment(ref _completed);
}

/// <summary>
/// The background job: every iteration "processes a batch" inside a span, logs it through <c>ILogger</c> (exported
/// with the span's trace id), and records a counter and a histogram through the TelemetryFlow client.
/// </summary>
internal sealed partial class TelemetryWorker(
    ITelemetryFlowClient telemetry,
    ILogger<TelemetryWorker> logger,
    IHostApplicationLifetime lifetime,
    WorkerSettings settings) : BackgroundService
{
    private static readonly TagList DemoQueue = new() { { "queue", "demo" } };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval);
        try
        {
            do
            {
                RunIteration(settings.Completed + 1);
                settings.MarkCompleted();
                if (settings.Iterations is { } iterations && settings.Completed >= iterations)
                {
                    LogDone(logger, settings.Completed);
                    lifetime.StopApplication();
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping (Ctrl+C): the SDK flushes what was recorded after every service has stopped.
        }
    }

    private void RunIteration(int iteration)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = telemetry.Span("worker.process-batch", SpanKind.Internal, [new("worker.iteration", iteration)]);
        var items = Random.Shared.Next(1, 10);
        LogBatchProcessed(logger, iteration, items);
        telemetry.IncrementCounter("worker.items.processed", items, DemoQueue);
        telemetry.RecordHistogram("worker.batch.duration", Stopwatch.GetElapsedTime(started).TotalMilliseconds, "ms", DemoQueue);
    }

    [LoggerMessage(EventId = 1, EventName = "BatchProcessed", Level = LogLevel.Information, Message = "Iteration {Iteration}: processed {Items} item(s)")]
    private static partial void LogBatchProcessed(ILogger logger, int iteration, int items);

    [LoggerMessage(EventId = 2, EventName = "WorkerDone", Level = LogLevel.Information, Message = "Done after {Iterations} iteration(s); stopping the host")]
    private static partial void LogDone(ILogger logger, int iterations);
}
