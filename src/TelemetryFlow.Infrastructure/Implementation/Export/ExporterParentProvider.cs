using System.Reflection;
using OpenTelemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// Sets <see cref="BaseExporter{T}.ParentProvider"/>, whose setter OpenTelemetry keeps internal, on
/// an exporter we wrap. Resolved once per item type; a test fails if an OpenTelemetry upgrade removes it.
/// </summary>
internal static class ExporterParentProvider<T>
    where T : class
{
    private static readonly Action<BaseExporter<T>, BaseProvider>? Setter = typeof(BaseExporter<T>)
        .GetProperty(nameof(BaseExporter<T>.ParentProvider), BindingFlags.Instance | BindingFlags.Public)?
        .GetSetMethod(nonPublic: true)?
        .CreateDelegate<Action<BaseExporter<T>, BaseProvider>>();

    public static bool IsAvailable => Setter is not null;

    public static void Set(BaseExporter<T> exporter, BaseProvider provider) => Setter?.Invoke(exporter, provider);
}
