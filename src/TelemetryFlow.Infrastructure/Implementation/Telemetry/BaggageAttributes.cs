using System.Diagnostics;
using OpenTelemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Which W3C baggage entries become attributes: those whose key starts with one of the configured prefixes, or all for
/// <c>*</c>. Entries come from OpenTelemetry's <see cref="Baggage.Current"/> and from the activity's own baggage (what
/// ASP.NET Core reads from the <c>baggage</c> header); the first value seen for a key wins.
/// </summary>
internal sealed class BaggageAttributes(IReadOnlyList<string> keyPrefixes)
{
    private readonly bool _all = keyPrefixes.Contains("*");

    /// <summary>The entries to copy, in the ambient context and on <paramref name="activity"/>.</summary>
    public List<KeyValuePair<string, object?>>? Collect(Activity? activity)
    {
        List<KeyValuePair<string, object?>>? entries = null;
        foreach (var (key, value) in Baggage.Current)
        {
            Add(ref entries, key, value);
        }

        if (activity is not null)
        {
            foreach (var (key, value) in activity.Baggage)
            {
                Add(ref entries, key, value);
            }
        }

        return entries;
    }

    private void Add(ref List<KeyValuePair<string, object?>>? entries, string key, string? value)
    {
        if (value is null || !Wanted(key) || (entries is not null && HasKey(entries, key)))
        {
            return;
        }

        (entries ??= []).Add(new(key, value));
    }

    /// <summary>Whether <paramref name="list"/> has an entry named <paramref name="key"/>; a loop, not a capturing lambda, which would allocate per call.</summary>
    public static bool HasKey(List<KeyValuePair<string, object?>> list, string key)
    {
        foreach (var entry in list)
        {
            if (entry.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    private bool Wanted(string key)
    {
        if (_all)
        {
            return true;
        }

        foreach (var prefix in keyPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
