namespace TelemetryFlow;

/// <summary>How telemetry is batched before export. Immutable; validated on construction.</summary>
public sealed record BatchSettings
{
    /// <summary>Default delay between two scheduled exports (10 s).</summary>
    public static readonly TimeSpan DefaultScheduledDelay = TimeSpan.FromSeconds(10);

    /// <summary>Default maximum number of items in one export batch (8,192).</summary>
    /// <remarks>
    /// Larger than OpenTelemetry's 512 because the TelemetryFlow backend counts requests, not items: 100 a minute per
    /// API key in production. A quiet service still sends one small batch per <see cref="DefaultScheduledDelay"/>; a
    /// busy one sends full batches, and when the request budget runs short the queue fills while a request waits, so
    /// the next batch is a full one. 10,000 spans/s need about 75 requests a minute this way, and over 1,100 with 512.
    /// A batch over the request size cap (4 MiB) is split into several requests.
    /// </remarks>
    public const int DefaultMaxExportBatchSize = 8192;

    /// <summary>Default maximum number of items waiting in memory (32,768); beyond it new items are dropped and counted.</summary>
    /// <remarks>Four full batches: about three seconds of 10,000 spans/s while a request waits for the budget.</remarks>
    public const int DefaultMaxQueueSize = 32768;

    /// <summary>The defaults: 10 s delay, batches of 8,192, queue of 32,768.</summary>
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
