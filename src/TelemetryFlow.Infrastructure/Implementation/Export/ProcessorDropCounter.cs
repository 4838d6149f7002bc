using System.Reflection;
using OpenTelemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Reads <c>BatchExportProcessor&lt;T&gt;.DroppedCount</c>, which OpenTelemetry keeps internal, so
/// items dropped on a full queue show in status. Resolved once per item type; a test fails if an
/// OpenTelemetry upgrade removes it.
/// </summary>
internal static class ProcessorDropCounter<T>
    where T : class
{
    private static readonly Func<BatchExportProcessor<T>, long>? Getter = typeof(BatchExportProcessor<T>)
        .GetProperty("DroppedCount", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?
        .GetGetMethod(nonPublic: true)?
        .CreateDelegate<Func<BatchExportProcessor<T>, long>>();

    public static bool IsAvailable => Getter is not null;

    public static Func<long> For(BatchExportProcessor<T> processor) =>
        Getter is null ? static () => 0 : () => Getter(processor);
}
