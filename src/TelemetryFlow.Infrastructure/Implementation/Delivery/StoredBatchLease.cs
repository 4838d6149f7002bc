
namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>A stored batch held open for replay. <see cref="Complete"/> deletes it; disposing releases it.</summary>
internal sealed class StoredBatchLease : IDisposable
{
    private readonly PersistentStore _store;
    private readonly FileStream _stream;
    private bool _deleted;

    internal StoredBatchLease(PersistentStore store, FileStream stream, StoredFile file, StoredBatch? batch)
    {
        _store = store;
        _stream = stream;
        File = file;
        Batch = batch;
    }

    public StoredFile File { get; }

    /// <summary>The batch; <see langword="null"/> when the file was corrupt (it has been deleted).</summary>
    public StoredBatch? Batch { get; }

    /// <summary>Deletes the file: it was delivered, or can never be.</summary>
    public void Complete()
    {
        if (_deleted)
        {
            return;
        }

        try
        {
            System.IO.File.Delete(File.Path);
            _deleted = true;
            _store.Deleted(File);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    public void Dispose() => _stream.Dispose();
}
