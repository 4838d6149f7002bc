using Microsoft.AspNetCore.Http;

namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>Matches request paths against exact entries and <c>prefix*</c> entries, case-insensitively.</summary>
internal sealed class PathMatcher
{
    private readonly string[] _exact;
    private readonly string[] _prefixes;

    public PathMatcher(IEnumerable<string> patterns)
    {
        var list = patterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
        _exact = list.Where(p => !p.EndsWith('*')).ToArray();
        _prefixes = list.Where(p => p.EndsWith('*')).Select(p => p[..^1]).ToArray();
    }

    public bool IsMatch(PathString path)
    {
        var value = path.Value ?? string.Empty;
        foreach (var exact in _exact)
        {
            if (string.Equals(value, exact, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var prefix in _prefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
