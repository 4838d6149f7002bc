namespace TelemetryFlow.UnitTests.Domain;

public sealed class BatchSettingsTests
{
    [Fact]
    public void Default_Always_IsTenSecondsBatchesOf8192QueueOf32768()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), BatchSettings.Default.ScheduledDelay);
        Assert.Equal(8192, BatchSettings.Default.MaxExportBatchSize);
        Assert.Equal(32768, BatchSettings.Default.MaxQueueSize);
        Assert.Equal(BatchSettings.DefaultScheduledDelay, BatchSettings.Default.ScheduledDelay);
        Assert.Equal(BatchSettings.DefaultMaxExportBatchSize, BatchSettings.Default.MaxExportBatchSize);
        Assert.Equal(BatchSettings.DefaultMaxQueueSize, BatchSettings.Default.MaxQueueSize);
    }

    [Theory]
    [InlineData(0, 512, 2048)]
    [InlineData(-1, 512, 2048)]
    [InlineData(1000, 0, 2048)]
    [InlineData(1000, 2049, 2048)]
    [InlineData(1000, 1, 0)]
    public void Constructor_ValueOutOfRange_Throws(int delayMs, int batchSize, int queueSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSettings(TimeSpan.FromMilliseconds(delayMs), batchSize, queueSize));
    }

    [Fact]
    public void Constructor_BatchAsLargeAsQueue_IsAccepted()
    {
        var settings = new BatchSettings(TimeSpan.FromMilliseconds(1), 100, 100);

        Assert.Equal(100, settings.MaxExportBatchSize);
    }
}
