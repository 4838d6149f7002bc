namespace TelemetryFlow;

/// <summary>How telemetry is batched before export. Immutable; validated on construction.</summary>
public sealed record BatchSettings
{
    /// <summary>Default delay between two scheduled exports (10 s).</summary>
    public static readonly TimeSpan DefaultScheduledDelay = TimeSpan.FromSeconds(10);

    /// <summary>Default maximum number of items in one export request.</summary>
    public const int DefaultMaxExportBatchSize = 512;

    /// <summary>Default maximum number of items waiting in memory; beyond it new items are dropped and counted.</summary>
    public const int DefaultMaxQueueSize = 2048;

    /// <summary>The defaults: 10 s delay, batches of 512, queue of 2048.</summary>
    public static readonly BatchSettings Default = new(DefaultScheduledDelay, DefaultMaxExportBatchSize, DefaultMaxQueueSize);

    /// <summary>Creates batch settings.</summary>
    /// <param name="scheduledDelay">Delay between scheduled exports; greater than zero.</param>
    /// <param name="maxExportBatchSize">Items per export request; 1 to <paramref name="maxQueueSize"/>.</param>
    /// <param name="maxQueueSize">Items waiting in memory; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public BatchSettings(TimeSpan scheduledDelay, int maxExportBatchSize, int maxQueueSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(scheduledDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueueSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExportBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxExportBatchSize, maxQueueSize);
        ScheduledDelay = scheduledDelay;
        MaxExportBatchSize = maxExportBatchSize;
        MaxQueueSize = maxQueueSize;
    }

    /// <summary>Delay between scheduled exports.</summary>
    public TimeSpan ScheduledDelay { get; }

    /// <summary>Maximum number of items in one export request.</summary>
    public int MaxExportBatchSize { get; }

    /// <summary>Maximum number of items waiting in memory.</summary>
    public int MaxQueueSize { get; }
}
