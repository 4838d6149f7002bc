using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class PersistentStoreTests : IDisposable
{
    private const long OneMiB = 1024 * 1024;

    private readonly TempDirectory _directory = new("telemetryflow-unit");
    private readonly FakeTimeProvider _time = TestTime.Clock();

    /// <summary>The store's directory, which the code under test creates.</summary>
    private string StorePath => _directory.Combine("store");

    [Fact]
    public void FileName_StartsWithFixedWidthUtcTicks_SoOrdinalOrderIsTimeOrder()
    {
        var early = PersistentStore.FileName(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(5)), 7, "abcd1234", SignalType.Traces);
        var late = PersistentStore.FileName(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), 1, "abcd1234", SignalType.Logs);

        Assert.Equal($"{new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(5)).UtcTicks:D19}-0000000007-abcd1234.traces.otlp", early);
        Assert.True(string.CompareOrdinal(early, late) < 0);
        Assert.Matches("^[0-9]{19}-[0-9]{10}-[0-9a-f]{8}\\.logs\\.otlp$", late);
    }

    [Theory]
    [InlineData("0638712000000000000-0000000001-abcd1234.traces.otlp", SignalType.Traces)]
    [InlineData("0638712000000000000-0000000001-abcd1234.metrics.otlp", SignalType.Metrics)]
    [InlineData("0638712000000000000-0000000001-abcd1234.logs.otlp", SignalType.Logs)]
    [InlineData("0638712000000000000-0000000001-abcd1234.profiles.otlp", null)]
    [InlineData("0638712000000000000-0000000001-abcd1234.logs.otlp.tmp", null)]
    [InlineData("notes.txt", null)]
    public void SignalOf_ReadsTheSignalFromTheName(string name, SignalType? expected) =>
        Assert.Equal(expected, PersistentStore.SignalOf(name));

    [Fact]
    public void New_DirectoryMissing_IsCreatedOwnerOnly()
    {
        _ = new PersistentStore(new PersistentStorageSettings(StorePath), _time);

        Assert.True(Directory.Exists(StorePath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StorePath));
        }
    }

    [Fact]
    public void TryStore_ThenList_ReturnsBatchesOldestFirstWithOwnerOnlyFiles()
    {
        var store = Store();
        Assert.Equal(StoreResult.Stored, store.TryStore(Batch(SignalType.Logs, store.RunId, "second")));
        Assert.Equal(StoreResult.Stored, store.TryStore(Batch(SignalType.Traces, store.RunId, "first", createdAt: TestTime.Epoch - TimeSpan.FromTicks(1))));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StoreResult.Stored, store.TryStore(Batch(SignalType.Metrics, store.RunId, "third")));

        var files = store.List();

        Assert.Equal([SignalType.Traces, SignalType.Logs, SignalType.Metrics], files.Select(f => f.Signal));
        Assert.Equal(files.Sum(f => f.Length), store.SizeBytes);
        Assert.True(store.HasBatches);
        Assert.Empty(_directory.Files("store", "*.tmp"));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in files)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
            }
        }
    }

    [Fact]
    public void TryStore_BeyondTheSizeCap_IsRefusedAndNothingIsWritten()
    {
        var store = Store();
        var big = Batch(SignalType.Traces, store.RunId, new string('x', 400 * 1024));
        Assert.Equal(StoreResult.Stored, store.TryStore(big));
        Assert.Equal(StoreResult.Stored, store.TryStore(big));

        Assert.Equal(StoreResult.Full, store.TryStore(big));

        Assert.Equal(2, store.List().Count);
        Assert.True(store.SizeBytes <= OneMiB);

        // A small batch still fits.
        Assert.Equal(StoreResult.Stored, store.TryStore(Batch(SignalType.Traces, store.RunId, "small")));
    }

    [Fact]
    public void TryOpen_ThenComplete_ReadsTheBatchBackAndDeletesTheFile()
    {
        var store = Store();
        var batch = Batch(SignalType.Logs, store.RunId, "payload");
        store.TryStore(batch);
        var file = Assert.Single(store.List());

        using (var lease = store.TryOpen(file))
        {
            Assert.NotNull(lease);
            Assert.Equal(batch with { Payload = default }, lease.Batch! with { Payload = default });
            Assert.Equal("payload"u8.ToArray(), lease.Batch!.Payload.ToArray());
            lease.Complete();
        }

        Assert.Empty(store.List());
        Assert.Equal(0, store.SizeBytes);
        Assert.False(store.HasBatches);
    }

    [Fact]
    public void TryOpen_WithoutComplete_KeepsTheFile()
    {
        var store = Store();
        store.TryStore(Batch(SignalType.Logs, store.RunId, "kept"));

        using (store.TryOpen(Assert.Single(store.List())))
        {
        }

        Assert.Single(store.List());
    }

    [Fact]
    public void TryOpen_FileHeldByAnotherReplayer_IsSkipped()
    {
        var store = Store();
        store.TryStore(Batch(SignalType.Logs, store.RunId, "held"));
        var file = Assert.Single(store.List());

        using var first = store.TryOpen(file);
        using var second = store.TryOpen(file);

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public void TryOpen_CorruptFile_IsDeletedAndHasNoBatch()
    {
        var store = Store();
        var path = Path.Combine(StorePath, PersistentStore.FileName(TestTime.Epoch, 1, "deadbeef", SignalType.Traces));
        File.WriteAllBytes(path, [1, 2, 3]);

        var lease = store.TryOpen(Assert.Single(store.List()));

        Assert.NotNull(lease);
        Assert.Null(lease.Batch);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void New_ExistingFilesFromAnEarlierRun_AreFoundAndCounted()
    {
        var earlier = Store();
        earlier.TryStore(Batch(SignalType.Traces, earlier.RunId, "from before"));

        var later = Store();

        Assert.NotEqual(earlier.RunId, later.RunId);
        Assert.True(later.HasBatches);
        Assert.Equal(earlier.SizeBytes, later.SizeBytes);
        using var lease = later.TryOpen(Assert.Single(later.List()));
        Assert.Equal(earlier.RunId, lease!.Batch!.RunId);
    }

    [Fact]
    public void New_AbandonedTempFiles_AreDeletedOnlyWhenOld()
    {
        Directory.CreateDirectory(StorePath);
        var old = Path.Combine(StorePath, "0000000000000000001-0000000001-aaaaaaaa.logs.otlp.tmp");
        var young = Path.Combine(StorePath, "0000000000000000002-0000000001-bbbbbbbb.logs.otlp.tmp");
        File.WriteAllBytes(old, [1]);
        File.WriteAllBytes(young, [1]);
        File.SetLastWriteTimeUtc(old, TestTime.Epoch.UtcDateTime.AddHours(-2));
        File.SetLastWriteTimeUtc(young, TestTime.Epoch.UtcDateTime.AddMinutes(-1));

        var store = Store();

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(young));
        Assert.Empty(store.List());
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>A batch created now, or at <paramref name="createdAt"/> (a fake clock never runs backwards).</summary>
    private StoredBatch Batch(SignalType signal, Guid runId, string payload, DateTimeOffset? createdAt = null) =>
        new(signal, 3, System.Text.Encoding.UTF8.GetBytes(payload), Gzip: true, "application/x-protobuf", "/v1/logs", runId, createdAt ?? _time.GetUtcNow());

    private PersistentStore Store() => new(new PersistentStorageSettings(StorePath, OneMiB), _time);
}
