using System.Text.RegularExpressions;

namespace TelemetryFlow.Cli.Generation;

/// <summary>
/// What the app's own code and project file already do about TelemetryFlow, so <c>init</c> adds only what is missing:
/// the package reference, the service registration, the request middleware, and the endpoint serving health checks.
/// </summary>
/// <param name="RegisteredAt">Where the app already registers the SDK (<c>AddTelemetryFlow(…)</c> or a generated <c>AddAppTelemetry(…)</c>), as <c>file:line</c>; else <see langword="null"/>.</param>
/// <param name="UsesMiddleware">Whether the app calls <c>UseTelemetryFlow()</c>.</param>
/// <param name="MapsHealthChecks">Whether the app serves health checks (<c>MapHealthChecks(…)</c> or <c>UseHealthChecks(…)</c>).</param>
/// <param name="ReferencesPackage">Whether the project file references <paramref name="Package"/> (as a package or a project).</param>
/// <param name="Package">The package the app's kind needs.</param>
internal sealed partial record AppWiring(string? RegisteredAt, bool UsesMiddleware, bool MapsHealthChecks, bool ReferencesPackage, string Package)
{
    /// <summary>Reads the project's C# files (not <c>bin</c>, <c>obj</c> or a setup class we generated) and its project file.</summary>
    public static AppWiring Inspect(ProjectInfo project, AppKind kind)
    {
        // A worker needs no ASP.NET Core: the generic-host package, as `example worker` uses.
        var package = kind switch
        {
            AppKind.Console => ExampleKind.CorePackageId,
            AppKind.Worker => ExampleKind.HostingPackageId,
            _ => ExampleKind.AspNetCorePackageId,
        };
        string? registeredAt = null;
        var usesMiddleware = false;
        var mapsHealthChecks = false;
        foreach (var file in SourceFiles(project.Directory))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (registeredAt is null && Registration().IsMatch(line) && !line.Contains("HealthChecks", StringComparison.Ordinal))
                {
                    registeredAt = $"{Path.GetRelativePath(project.Directory, file)}:{i + 1}";
                }

                usesMiddleware |= line.Contains("UseTelemetryFlow(", StringComparison.Ordinal);
                mapsHealthChecks |= line.Contains("MapHealthChecks(", StringComparison.Ordinal) || line.Contains("UseHealthChecks(", StringComparison.Ordinal);
            }
        }

        var projectText = project.ProjectFile is null ? string.Empty : File.ReadAllText(project.ProjectFile);

        // TelemetryFlow.AspNetCore brings TelemetryFlow.Hosting and TelemetryFlow with it, so it also serves a worker or a
        // console app (and the Infrastructure project is the TelemetryFlow package, for apps built against this repository).
        var references = PackageReference(package).IsMatch(projectText)
            || (kind != AppKind.Web && PackageReference(ExampleKind.AspNetCorePackageId).IsMatch(projectText))
            || (kind == AppKind.Console && (PackageReference(ExampleKind.HostingPackageId).IsMatch(projectText) || PackageReference("TelemetryFlow.Infrastructure").IsMatch(projectText)));
        return new AppWiring(registeredAt, usesMiddleware, mapsHealthChecks, references, package);
    }

    /// <summary>The exact command that adds the package, at the SDK version this tool generates code for.</summary>
    public string AddPackageCommand(ProjectInfo project) =>
        $"dotnet add {Quote(project.ProjectFile ?? project.Directory)} package {Package} --version {CliVersion.Sdk}";

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    private static IEnumerable<string> SourceFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var generated = Path.GetFullPath(Path.Combine(directory, SetupClassTemplate.RelativePath));
        return Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(Path.GetRelativePath(directory, file)) && Path.GetFullPath(file) != generated);
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) is [var first, ..] && first is "bin" or "obj";

    private static Regex PackageReference(string package) =>
        new($@"Include\s*=\s*""[^""]*\b{Regex.Escape(package)}(\.csproj)?""", RegexOptions.IgnoreCase);

    [GeneratedRegex(@"\.(AddTelemetryFlow|AddAppTelemetry)\s*\(")]
    private static partial Regex Registration();
}
