using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// Reads one public property of a diagnostic event's payload whose type the SDK cannot reference (EF Core's
/// <c>CommandEventData</c>: the SDK must not depend on EF Core). The only reflection in library tracing, contained here.
/// </summary>
/// <remarks>
/// Trimming and Native AOT: the payload types belong to the library that raises the event, and their properties are part
/// of its public API. If a trimmed application removed a getter, or a Native AOT one kept no reflection data for it, the
/// read returns <see langword="null"/> (or throws, which the observer catches and counts) and no span is recorded; the
/// application's call is never affected. The properties cannot be kept by name with <c>DynamicDependency</c>: in an app
/// without EF Core that is a trim warning of its own (IL2035). SqlClient needs none of this: its payloads are key/value lists.
/// </remarks>
internal sealed class PayloadProperty<T>(string name)
    where T : class
{
    private readonly ConcurrentDictionary<Type, PropertyInfo?> _properties = new();

    public string Name { get; } = name;

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "A missing property reads as null; see the type's remarks.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "A missing property reads as null; see the type's remarks.")]
    public T? Read(object? payload)
    {
        if (payload is null)
        {
            return null;
        }

        var property = _properties.GetOrAdd(payload.GetType(), static (type, name) => type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance), Name);
        return property?.GetValue(payload) as T;
    }
}
