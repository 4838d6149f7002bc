// Package check, run by .ci/consumer-test as a file-based app over the packed feed:
//   dotnet run --file PackageCheck.cs -- <feed folder> <version> <lowest-pins file>
// 1. Every dependency of one of our packages on another of ours is pinned to exactly the version packed ([1.2.0]):
//    the layers share internals, so a "1.2.0 or newer" range would let NuGet mix versions that fail at run time.
// 2. Every package declares the Apache-2.0 licence expression (the text is LICENSE at the repository root).
// 3. Writes "id version" for each third-party dependency at the lowest version any of our packages accepts, for the
//    consumer app that pins exactly those versions.
using System.IO.Compression;
using System.Xml.Linq;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PackageCheck <feed folder> <version> <lowest-pins output file>");
    return 2;
}

var (feed, version, pinsFile) = (args[0], args[1], args[2]);
var packages = Directory.GetFiles(feed, "*.nupkg").Select(ReadNuspec).ToList();
var ownIds = packages.Select(p => p.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
var problems = new List<string>();
var lowest = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
var ownDependencies = 0;

foreach (var package in packages.OrderBy(p => p.Id, StringComparer.Ordinal))
{
    if (package.License != "Apache-2.0")
    {
        problems.Add($"{package.Id}: licence expression is '{package.License}', expected 'Apache-2.0'.");
    }

    foreach (var (id, range) in package.Dependencies)
    {
        Console.WriteLine($"  {package.Id} -> {id} {range}");
        if (ownIds.Contains(id) || id.StartsWith("TelemetryFlow", StringComparison.OrdinalIgnoreCase))
        {
            ownDependencies++;
            if (range != $"[{version}]")
            {
                problems.Add($"{package.Id} depends on {id} '{range}': our own packages must be pinned to exactly '[{version}]'.");
            }
        }
        else if (!range.StartsWith('[') && !range.StartsWith('('))
        {
            // A bare version is NuGet's "this version or newer": keep the lowest any of our packages accepts.
            if (!lowest.TryGetValue(id, out var seen) || CompareVersions(range, seen) > 0)
            {
                lowest[id] = range;
            }
        }
    }
}

if (ownDependencies == 0)
{
    problems.Add("No dependency between our own packages was found; TelemetryFlow.AspNetCore should depend on TelemetryFlow.");
}

File.WriteAllLines(pinsFile, lowest.Select(p => $"{p.Key} {p.Value}"));
foreach (var problem in problems)
{
    Console.WriteLine($"FAIL {problem}");
}

Console.WriteLine(problems.Count == 0
    ? $"package check OK: {packages.Count} packages, {ownDependencies} dependencies between them, all pinned to [{version}], all Apache-2.0"
    : $"package check FAILED: {problems.Count} problem(s)");
return problems.Count == 0 ? 0 : 1;

static Nuspec ReadNuspec(string path)
{
    using var zip = ZipFile.OpenRead(path);
    var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains('/'));
    using var stream = entry.Open();
    var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    string Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;
    var dependencies = metadata.Descendants()
        .Where(e => e.Name.LocalName == "dependency")
        .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!))
        .ToList();
    return new Nuspec(Value("id"), Value("license"), dependencies);
}

// The lower bound of a higher version wins: the pins must satisfy every package's range.
static int CompareVersions(string candidate, string seen) =>
    Version.Parse(candidate.Split('-')[0]).CompareTo(Version.Parse(seen.Split('-')[0]));

internal sealed record Nuspec(string Id, string License, List<(string Id, string Range)> Dependencies);
