using System.Diagnostics;

namespace TelemetryFlow.Infrastructure.Implementation.Safety;

/// <summary>
/// The activity sources a client owns by instance: its own <c>TelemetryFlow</c> source and, for
/// example, its host's <c>Microsoft.AspNetCore</c> source. Tracer providers subscribe by name, so a
/// span from another instance with an owned name belongs to another client and is left alone.
/// </summary>
/// <remarks>Shared by the safety processor and <c>InstanceActivityExportProcessor</c>, which exports only what passes it.</remarks>
internal sealed class OwnedSources
{
    private readonly ActivitySource[] _sources;

    public OwnedSources(IEnumerable<ActivitySource> sources) => _sources = sources.ToArray();

    /// <summary>Whether <paramref name="source"/> is one of the owned instances.</summary>
    public bool Contains(ActivitySource source) => Array.IndexOf(_sources, source) >= 0;

    /// <summary>Whether <paramref name="source"/> has an owned name but is another instance: another client's.</summary>
    public bool IsAnotherClients(ActivitySource source)
    {
        foreach (var own in _sources)
        {
            if (ReferenceEquals(source, own))
            {
                return false;
            }

            if (string.Equals(source.Name, own.Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
