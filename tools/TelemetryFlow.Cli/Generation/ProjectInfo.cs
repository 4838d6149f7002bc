using System.Text;
using System.Xml.Linq;

namespace TelemetryFlow.Cli.Generation;

/// <summary>What the generators need to know about the target project.</summary>
/// <param name="Directory">The project directory.</param>
/// <param name="ProjectFile">The .csproj file, when there is exactly one (or one was named).</param>
/// <param name="Name">The project's name: the .csproj file name, else the directory name.</param>
/// <param name="RootNamespace">The namespace generated code goes under.</param>
/// <param name="IsHosted">Whether the project uses the generic host (web or worker SDK, or a hosting package).</param>
internal sealed record ProjectInfo(string Directory, string? ProjectFile, string Name, string RootNamespace, bool IsHosted)
{
    private static readonly string[] HostingMarkers =
    [
        "Microsoft.NET.Sdk.Web", "Microsoft.NET.Sdk.Worker", "Microsoft.AspNetCore.App", "Microsoft.Extensions.Hosting",
        "TelemetryFlow.AspNetCore", "TelemetryFlow.Hosting",
    ];

    /// <summary>Inspects <paramref name="path"/>: a project directory or a .csproj file. A missing directory is fine (nothing to inspect yet).</summary>
    public static ProjectInfo Inspect(string path)
    {
        string directory;
        string? projectFile = null;
        if (path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            projectFile = path;
            directory = Path.GetDirectoryName(path)!;
        }
        else
        {
            directory = path;
            var candidates = System.IO.Directory.Exists(path) ? System.IO.Directory.GetFiles(path, "*.csproj") : [];
            if (candidates.Length == 1)
            {
                projectFile = candidates[0];
            }
        }

        var name = projectFile is not null
            ? Path.GetFileNameWithoutExtension(projectFile)
            : new DirectoryInfo(directory).Name;
        var rootNamespace = name;
        var hosted = false;
        if (projectFile is not null)
        {
            var text = File.ReadAllText(projectFile);
            hosted = HostingMarkers.Any(marker => text.Contains(marker, StringComparison.OrdinalIgnoreCase));
            rootNamespace = ReadRootNamespace(text) ?? name;
        }

        return new ProjectInfo(directory, projectFile, name, ToNamespace(rootNamespace), hosted);
    }

    /// <summary>Turns arbitrary text into a valid dotted C# namespace (<c>my-app</c> becomes <c>MyApp</c>).</summary>
    internal static string ToNamespace(string text)
    {
        var parts = text.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ToIdentifier)
            .Where(part => part.Length > 0)
            .ToArray();
        return parts.Length == 0 ? "App" : string.Join('.', parts);
    }

    private static string ToIdentifier(string text)
    {
        var builder = new StringBuilder();
        var upperNext = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        if (builder.Length > 0 && char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private static string? ReadRootNamespace(string projectXml)
    {
        try
        {
            var value = XDocument.Parse(projectXml).Descendants("RootNamespace").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
            return value is null || value.Contains('$', StringComparison.Ordinal) ? null : value;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}
