using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace TelemetryFlow.UnitTests.Architecture;

/// <summary>
/// The layer rules, checked twice: on the compiled assemblies (what actually ships) and on the
/// <c>src/*/*.csproj</c> files (what a reviewer edits). Each test is one rule and lists every violation.
/// </summary>
public sealed class LayerRulesTests
{
    private const string Domain = "TelemetryFlow.Domain";
    private const string Application = "TelemetryFlow.Application";
    private const string Infrastructure = "TelemetryFlow.Infrastructure";
    private const string Hosting = "TelemetryFlow.Hosting";
    private const string AspNetCore = "TelemetryFlow.AspNetCore";
    private const string OpenTelemetryPrefix = "OpenTelemetry";
    private const string AspNetCorePrefix = "Microsoft.AspNetCore";

    /// <summary>Our layers, lowest first: each may reference only the layers before it.</summary>
    private static readonly string[] OurLayers = [Domain, Application, Infrastructure, Hosting, AspNetCore];

    private static readonly Lazy<IReadOnlyDictionary<string, Assembly>> CompiledLayers = new(() => new Dictionary<string, Assembly>(StringComparer.Ordinal)
    {
        [Domain] = typeof(TelemetryConfig).Assembly,
        [Application] = typeof(TelemetryFlowBuilder).Assembly,
        [Infrastructure] = Assembly.Load(Infrastructure),
        [Hosting] = Assembly.Load(Hosting),
        [AspNetCore] = Assembly.Load(AspNetCore),
    });

    private static readonly Lazy<IReadOnlyDictionary<string, ProjectFile>> SourceProjects = new(LoadSourceProjects);

    private static readonly Lazy<HashSet<string>> RuntimeAssemblies = new(() =>
        Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    [Fact]
    public void Layers_CompiledAndSource_AreAllFound()
    {
        foreach (var (name, assembly) in CompiledLayers.Value)
        {
            Assert.Equal(name, assembly.GetName().Name);
        }

        foreach (var layer in OurLayers)
        {
            Assert.True(SourceProjects.Value.ContainsKey(layer), $"src/{layer}/{layer}.csproj was not found under {RepositoryRoot()}.");
        }
    }

    [Fact]
    public void Detectors_AllowedReferences_AreSeen()
    {
        // Proves the name matching and csproj parsing work, so an empty violation list means something.
        Assert.Contains(CompiledLayers.Value[Infrastructure].GetReferencedAssemblies(), r => r.Name!.StartsWith(OpenTelemetryPrefix, StringComparison.Ordinal));
        Assert.Contains(CompiledLayers.Value[Application].GetReferencedAssemblies(), r => r.Name == Domain);
        Assert.Contains(SourceProjects.Value[Infrastructure].PackageReferences, p => p.StartsWith(OpenTelemetryPrefix, StringComparison.Ordinal));
        Assert.Contains(SourceProjects.Value[AspNetCore].FrameworkReferences, f => f.StartsWith(AspNetCorePrefix, StringComparison.Ordinal));
        Assert.Contains(Application, ProjectClosure(AspNetCore));
        Assert.Contains(CompiledLayers.Value[AspNetCore].GetReferencedAssemblies(), r => r.Name == Hosting);
        Assert.Contains(RuntimeAssemblies.Value, name => name == "System.Runtime");
    }

    [Fact]
    public void Domain_References_NoProjectOfOursAndNoPackage()
    {
        var violations = new List<string>();

        violations.AddRange(CompiledLayers.Value[Domain].GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(name => !RuntimeAssemblies.Value.Contains(name))
            .Select(name => $"{Domain}.dll references '{name}', which is not part of the .NET runtime."));

        var project = SourceProjects.Value[Domain];
        violations.AddRange(project.ProjectReferences.Select(r => $"{project.RelativePath} has <ProjectReference> to '{r}'."));
        violations.AddRange(project.PackageReferences.Select(r => $"{project.RelativePath} has <PackageReference> to '{r}'."));
        violations.AddRange(project.FrameworkReferences.Select(r => $"{project.RelativePath} has <FrameworkReference> to '{r}'."));

        AssertRule("The Domain references none of our projects and no packages at all.", violations);
    }

    [Fact]
    public void Layers_ReferenceOnlyLowerLayers()
    {
        var violations = new List<string>();
        for (var i = 0; i < OurLayers.Length; i++)
        {
            var higher = OurLayers[i..];
            violations.AddRange(CompiledLayers.Value[OurLayers[i]].GetReferencedAssemblies().Select(r => r.Name!).Where(higher.Contains)
                .Select(name => $"{OurLayers[i]}.dll references '{name}', which is not below it."));
            var project = SourceProjects.Value[OurLayers[i]];
            violations.AddRange(project.ProjectReferences.Where(higher.Contains)
                .Select(reference => $"{project.RelativePath} has <ProjectReference> to '{reference}', which is not below it."));
        }

        AssertRule("Dependencies point one way: AspNetCore -> Hosting -> Infrastructure -> Application -> Domain.", violations);
    }

    [Fact]
    public void Hosting_ReachesNoAspNetCore()
    {
        static bool IsAspNetCore(string name) => name.StartsWith(AspNetCorePrefix, StringComparison.Ordinal);

        var violations = CompiledReferenceClosure(Hosting).Where(r => IsAspNetCore(r.Reference))
            .Select(r => $"{r.Layer}.dll (reached from {Hosting}) references '{r.Reference}'.").ToList();
        foreach (var project in ProjectClosure(Hosting))
        {
            var file = SourceProjects.Value[project];
            violations.AddRange(file.FrameworkReferences.Concat(file.PackageReferences).Where(IsAspNetCore)
                .Select(r => $"{file.RelativePath} (reached from {Hosting}) references '{r}'."));
        }

        AssertRule("A worker on TelemetryFlow.Hosting needs no ASP.NET Core: nothing it reaches references Microsoft.AspNetCore.*.", violations);
    }

    [Fact]
    public void Application_References_NeitherInfrastructureNorAspNetCoreNorOpenTelemetry()
    {
        static bool Forbidden(string name) =>
            name is Infrastructure or Hosting or AspNetCore || name.StartsWith(OpenTelemetryPrefix, StringComparison.Ordinal);

        var violations = new List<string>();
        foreach (var (layer, name) in CompiledReferenceClosure(Application).Where(r => Forbidden(r.Reference)))
        {
            violations.Add($"{layer}.dll (reached from {Application}) references '{name}'.");
        }

        foreach (var (project, reference) in ProjectReferenceClosure(Application).Where(r => Forbidden(r.Reference)))
        {
            violations.Add($"{project} (reached from {Application}) has <ProjectReference> to '{reference}'.");
        }

        foreach (var project in ProjectClosure(Application))
        {
            var file = SourceProjects.Value[project];
            violations.AddRange(file.PackageReferences.Where(Forbidden)
                .Select(p => $"{file.RelativePath} (reached from {Application}) has <PackageReference> to '{p}'."));
        }

        AssertRule("The Application layer does not reference Infrastructure, AspNetCore or any OpenTelemetry package.", violations);
    }

    [Fact]
    public void OpenTelemetry_IsReferencedOnlyByInfrastructureHostingAndAspNetCore()
    {
        static bool IsOpenTelemetry(string name) => name.StartsWith(OpenTelemetryPrefix, StringComparison.Ordinal);

        var violations = ViolationsOutside([Infrastructure, Hosting, AspNetCore], IsOpenTelemetry, checkFrameworks: false);

        AssertRule("Only TelemetryFlow.Infrastructure, TelemetryFlow.Hosting and TelemetryFlow.AspNetCore reference OpenTelemetry.", violations);
    }

    [Fact]
    public void AspNetCoreFramework_IsReferencedOnlyByTheAspNetCoreProject()
    {
        static bool IsAspNetCore(string name) => name.StartsWith(AspNetCorePrefix, StringComparison.Ordinal);

        var violations = ViolationsOutside([AspNetCore], IsAspNetCore, checkFrameworks: true);

        AssertRule("Only TelemetryFlow.AspNetCore references ASP.NET Core (Microsoft.AspNetCore.*).", violations);
    }

    /// <summary>References matching <paramref name="matches"/> from any layer or src project not in <paramref name="allowed"/>.</summary>
    private static List<string> ViolationsOutside(string[] allowed, Func<string, bool> matches, bool checkFrameworks)
    {
        var violations = new List<string>();
        foreach (var (layer, assembly) in CompiledLayers.Value.Where(l => !allowed.Contains(l.Key)))
        {
            violations.AddRange(assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(matches)
                .Select(name => $"{layer}.dll references '{name}'."));
        }

        foreach (var project in SourceProjects.Value.Values.Where(p => !allowed.Contains(p.Name)))
        {
            violations.AddRange(project.PackageReferences.Where(matches)
                .Select(p => $"{project.RelativePath} has <PackageReference> to '{p}'."));
            if (checkFrameworks)
            {
                violations.AddRange(project.FrameworkReferences.Where(matches)
                    .Select(f => $"{project.RelativePath} has <FrameworkReference> to '{f}'."));
            }
        }

        return violations;
    }

    private static void AssertRule(string rule, List<string> violations)
    {
        var details = string.Join(Environment.NewLine, violations.Select(v => "  - " + v));
        Assert.True(violations.Count == 0, $"Layer rule violated: {rule}{Environment.NewLine}{details}");
    }

    /// <summary>Every (assembly, referenced name) pair reachable from <paramref name="root"/> through our own assemblies.</summary>
    private static IEnumerable<(string Layer, string Reference)> CompiledReferenceClosure(string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([CompiledLayers.Value[root]]);
        while (pending.TryDequeue(out var assembly))
        {
            var name = assembly.GetName().Name!;
            if (!seen.Add(name))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                yield return (name, reference.Name!);
                if (reference.Name!.StartsWith("TelemetryFlow.", StringComparison.Ordinal))
                {
                    pending.Enqueue(Assembly.Load(reference));
                }
            }
        }
    }

    /// <summary>Every (project, referenced project) pair reachable from <paramref name="root"/>.</summary>
    private static IEnumerable<(string Project, string Reference)> ProjectReferenceClosure(string root) =>
        ProjectClosure(root).SelectMany(p => SourceProjects.Value[p].ProjectReferences.Select(r => (p, r)));

    /// <summary><paramref name="root"/> and every src project it references, directly or not.</summary>
    private static HashSet<string> ProjectClosure(string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var project))
        {
            if (seen.Add(project) && SourceProjects.Value.TryGetValue(project, out var file))
            {
                foreach (var reference in file.ProjectReferences)
                {
                    pending.Push(reference);
                }
            }
        }

        seen.IntersectWith(SourceProjects.Value.Keys);
        return seen;
    }

    private static Dictionary<string, ProjectFile> LoadSourceProjects()
    {
        var root = RepositoryRoot();
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path))) == "src")
            .Select(path => ProjectFile.Load(root, path))
            .Where(p => OurLayers.Contains(p.Name)) // src/TelemetryFlow.Testing ships beside the layers, not in them
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TelemetryFlow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains TelemetryFlow.sln.");
    }

    private sealed record ProjectFile(
        string Name,
        string RelativePath,
        IReadOnlyList<string> ProjectReferences,
        IReadOnlyList<string> PackageReferences,
        IReadOnlyList<string> FrameworkReferences)
    {
        public static ProjectFile Load(string root, string path)
        {
            var document = XDocument.Load(path);

            List<string> Includes(string item) => document.Descendants()
                .Where(e => e.Name.LocalName == item)
                .Select(e => (string?)e.Attribute("Include"))
                .OfType<string>()
                .ToList();

            return new ProjectFile(
                Path.GetFileNameWithoutExtension(path),
                Path.GetRelativePath(root, path),
                Includes("ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/'))).ToList(),
                Includes("PackageReference"),
                Includes("FrameworkReference"));
        }
    }
}
