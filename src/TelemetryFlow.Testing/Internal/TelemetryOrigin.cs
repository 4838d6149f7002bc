using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Resource.V1;

namespace TelemetryFlow.Testing.Internal;

/// <summary>
/// The resource and scope an item was reported under, shared by all items of one scope block so the
/// resource attributes are converted once per block rather than once per item.
/// </summary>
internal sealed class TelemetryOrigin
{
    public TelemetryOrigin(ReceivedRequest request, Resource? resource, InstrumentationScope? scope, IReadOnlyDictionary<string, object?> resourceAttributes)
    {
        Request = request;
        Resource = resource ?? new Resource();
        Scope = scope ?? new InstrumentationScope();
        ResourceAttributes = resourceAttributes;
    }

    public ReceivedRequest Request { get; }

    public Resource Resource { get; }

    public InstrumentationScope Scope { get; }

    public IReadOnlyDictionary<string, object?> ResourceAttributes { get; }

    public string? ServiceName => ResourceAttributes.TryGetValue("service.name", out var name) ? name as string : null;
}
