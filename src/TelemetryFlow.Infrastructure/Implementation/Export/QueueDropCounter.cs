using System.Reflection;
using OpenTelemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Reads how many items one signal's batch export processor dropped on a full queue. OpenTelemetry keeps
/// <c>BatchExportProcessor&lt;T&gt;.DroppedCount</c> internal; the getter is resolved once per item type, and the
/// load tests fail if an OpenTelemetry upgrade removes it (no queue-full drop would show).
/// </summary>
internal sealed class QueueDropCounter
{
    private Func<long>? _read;

    /// <summary>The processor's drop total so far, or <see langword="null"/> before the pipeline built one.</summary>
    public long? Total => Volatile.Read(ref _read)?.Invoke();

    /// <summary>Counts the drops of <paramref name="processor"/> from now on.</summary>
    public void Watch<T>(BatchExportProcessor<T> processor)
        where T : class => Volatile.Write(ref _read, Getter<T>.For(processor));

    private static class Getter<T>
        where T : class
    {
        private static readonly Func<BatchExportProcessor<T>, long>? Read = typeof(BatchExportProcessor<T>)
            .GetProperty("DroppedCount", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?
            .GetGetMethod(nonPublic: true)?
            .CreateDelegate<Func<BatchExportProcessor<T>, long>>();

        public static Func<long> For(BatchExportProcessor<T> processor) =>
            Read is null ? static () => 0 : () => Read(processor);
    }
}
