using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// Reads one public property of a diagnostic event's payload whose type the SDK cannot reference (EF Core's
/// <c>CommandEventData</c>: the SDK must not depend on EF Core). The only reflection in library tracing, contained here.
/// </summary>
/// <remarks>
/// Trimming: the payload types belong to the library that raises the event, and their properties are part of its public
/// API. If a trimmed application removed a getter, the read returns <see langword="null"/> and no span is recorded; the
/// application's call is never affected. SqlClient needs none of this: its payloads are key/value lists.
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
