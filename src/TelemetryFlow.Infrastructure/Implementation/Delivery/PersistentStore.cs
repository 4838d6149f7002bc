using System.Globalization;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// The disk buffer: one file per undelivered export request in the directory the application chose.
/// Files are written under a temporary name and renamed, so a reader never sees half a file; their
/// names start with the UTC time in ticks, so ordinal name order is oldest first. The total size is
/// capped at <see cref="PersistentStorageSettings.MaxSizeBytes"/>: a batch that would exceed it is refused.
/// </summary>
/// <remarks>
/// Several clients, in this process or another, may share a directory: a file being replayed is held
/// open exclusively, and one client's size accounting is refreshed from the directory on every listing.
/// </remarks>
internal sealed class PersistentStore
{
    public const string FileExtension = ".otlp";
    private const string TempExtension = ".tmp";
    private static readonly TimeSpan AbandonedTempFileAge = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly string _runTag;
    private long _sizeBytes;
    private long _fileCount;
    private long _sequence;

    /// <summary>Opens (creating if missing, with owner-only permissions where the OS has them) the storage directory.</summary>
    /// <exception cref="IOException">The directory cannot be created or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not use the directory.</exception>
    public PersistentStore(PersistentStorageSettings settings, TimeProvider time, Guid? runId = null)
    {
        DirectoryPath = settings.Directory;
        MaxSizeBytes = settings.MaxSizeBytes;
        _time = time;
        RunId = runId ?? Guid.NewGuid();
        _runTag = RunId.ToString("N")[..8];
        CreateDirectory(DirectoryPath);
        DeleteAbandonedTempFiles();
        _ = List();
    }

    /// <summary>This process run; stored batches carry it so replay can tell this run's items from an earlier run's.</summary>
    public Guid RunId { get; }

    public string DirectoryPath { get; }

    public long MaxSizeBytes { get; }

    /// <summary>Bytes stored, as last counted.</summary>
    public long SizeBytes => Interlocked.Read(ref _sizeBytes);

    /// <summary>Whether any batch is waiting, as last counted.</summary>
    public bool HasBatches => Interlocked.Read(ref _fileCount) > 0;

    /// <summary>The file name of a batch: <c>{UTC ticks, 19 digits}-{sequence}-{run}.{signal}.otlp</c>.</summary>
    public static string FileName(DateTimeOffset createdAt, long sequence, string runTag, SignalType signal) =>
        string.Create(CultureInfo.InvariantCulture, $"{createdAt.UtcTicks:D19}-{sequence:D10}-{runTag}.{SignalName(signal)}{FileExtension}");

    /// <summary>The signal a file name was written for; <see langword="null"/> for a name this store did not write.</summary>
    public static SignalType? SignalOf(string fileName)
    {
        if (!fileName.EndsWith(FileExtension, StringComparison.Ordinal))
        {
            return null;
        }

        var stem = fileName[..^FileExtension.Length];
        var dot = stem.LastIndexOf('.');
        return dot < 0 ? null : stem[(dot + 1)..] switch
        {
            "traces" => SignalType.Traces,
            "metrics" => SignalType.Metrics,
            "logs" => SignalType.Logs,
            _ => null,
        };
    }

    /// <summary>Writes a batch, unless that would take the directory past its size cap.</summary>
    public StoreResult TryStore(StoredBatch batch)
    {
        var bytes = batch.Serialize();
        lock (_gate)
        {
            if (_sizeBytes + bytes.Length > MaxSizeBytes)
            {
                return StoreResult.Full;
            }

            var name = FileName(batch.CreatedAt, ++_sequence, _runTag, batch.Signal);
            var path = Path.Combine(DirectoryPath, name);
            var temp = path + TempExtension;
            try
            {
                using (var file = new FileStream(temp, NewFileOptions()))
                {
                    file.Write(bytes);
                }

                File.Move(temp, path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                TryDelete(temp);
                return StoreResult.Error;
            }

            _sizeBytes += bytes.Length;
            _fileCount++;
            return StoreResult.Stored;
        }
    }

    /// <summary>The stored batch files, oldest first; also refreshes the size accounting from the directory.</summary>
    public IReadOnlyList<StoredFile> List()
    {
        var files = new List<StoredFile>();
        try
        {
            foreach (var info in new DirectoryInfo(DirectoryPath).EnumerateFiles("*" + FileExtension))
            {
                if (SignalOf(info.Name) is { } signal)
                {
                    files.Add(new StoredFile(info.FullName, signal, info.Length));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        files.Sort((a, b) => string.CompareOrdinal(Path.GetFileName(a.Path), Path.GetFileName(b.Path)));
        lock (_gate)
        {
            _sizeBytes = files.Sum(f => f.Length);
            _fileCount = files.Count;
        }

        return files;
    }

    /// <summary>
    /// Opens a stored batch for replay, holding the file exclusively. Returns <see langword="null"/> when it is
    /// gone or another replayer holds it. A corrupt file is deleted and reported as a lease without a batch.
    /// </summary>
    public StoredBatchLease? TryOpen(StoredFile file)
    {
        FileStream stream;
        try
        {
            // Windows needs FileShare.Delete to delete the file while we hold it; on Unix only None takes the lock.
            stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, OperatingSystem.IsWindows() ? FileShare.Delete : FileShare.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return new StoredBatchLease(this, stream, file, StoredBatch.Deserialize(bytes));
        }
        catch (InvalidDataException)
        {
            var lease = new StoredBatchLease(this, stream, file, batch: null);
            lease.Complete();
            lease.Dispose();
            return lease;
        }
        catch (IOException)
        {
            stream.Dispose();
            return null;
        }
    }

    internal void Deleted(StoredFile file)
    {
        lock (_gate)
        {
            _sizeBytes = Math.Max(0, _sizeBytes - file.Length);
            _fileCount = Math.Max(0, _fileCount - 1);
        }
    }

    /// <summary>The lower-case name of one signal (<c>traces</c>), a constant string: file names, log lines and attributes use it.</summary>
    internal static string SignalName(SignalType signal) => signal switch
    {
        SignalType.Traces => "traces",
        SignalType.Metrics => "metrics",
        SignalType.Logs => "logs",
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Pass exactly one of Traces, Metrics or Logs."),
    };

    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            // Telemetry can carry personal data: only the owner may read it. An existing directory keeps its mode.
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static FileStreamOptions NewFileOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes temporary files a crash left behind (young ones may be another client's write in progress).</summary>
    private void DeleteAbandonedTempFiles()
    {
        var cutoff = _time.GetUtcNow().UtcDateTime - AbandonedTempFileAge;
        foreach (var info in new DirectoryInfo(DirectoryPath).EnumerateFiles("*" + FileExtension + TempExtension))
        {
            if (info.LastWriteTimeUtc < cutoff)
            {
                TryDelete(info.FullName);
            }
        }
    }
}
