namespace TelemetryFlow.Cli.Configuration;

/// <summary>
/// Reads a <c>.env</c> file of <c>KEY=value</c> lines with the same rules as the generated
/// <c>TelemetrySetup.ReadEnvFile</c>: '#' comments and blank lines skipped, an <c>export </c> prefix and surrounding
/// quotes removed, an unquoted value ends at <c> #</c>.
/// </summary>
internal static class DotEnvFile
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] is ('\'' or '"') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else if (value.IndexOf(" #", StringComparison.Ordinal) is var comment and >= 0)
            {
                value = value[..comment].TrimEnd();
            }

            if (value.Length > 0)
            {
                values[line[..equals].Trim()] = value;
            }
        }

        return values;
    }
}
