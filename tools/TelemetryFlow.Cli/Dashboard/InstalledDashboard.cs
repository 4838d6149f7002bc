using System.Xml.Linq;

namespace TelemetryFlow.Cli.Dashboard;

/// <summary>The dashboard package as found in NuGet's global packages folder.</summary>
/// <param name="PackageId">For example <c>Aspire.Dashboard.Sdk.linux-x64</c>.</param>
/// <param name="Version">The package version.</param>
/// <param name="Folder">The package's folder in the global packages folder.</param>
/// <param name="Fetched">True when this run restored it; false when an earlier run (or any other project) already had.</param>
internal sealed record InstalledDashboard(string PackageId, string Version, string Folder, string Executable, bool Fetched)
{
    /// <summary>The licence and origin the package declares in its .nuspec.</summary>
    public PackageLicense ReadLicense()
    {
        var nuspec = Directory.EnumerateFiles(Folder, "*.nuspec").FirstOrDefault();
        if (nuspec is null)
        {
            return new PackageLicense(null, null, null, null);
        }

        var metadata = XDocument.Load(nuspec).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim() is { Length: > 0 } text ? text : null;
        return new PackageLicense(Value("license"), Value("licenseUrl"), Value("authors"), Value("projectUrl"));
    }

    /// <summary>The third-party notices file the package ships, when it has one.</summary>
    public string? ThirdPartyNotices => Directory.EnumerateFiles(Folder, "THIRD-PARTY-NOTICES*").FirstOrDefault();
}

/// <summary>What a package's .nuspec says about its licence: an SPDX expression and/or a URL, and who publishes it.</summary>
internal sealed record PackageLicense(string? Expression, string? Url, string? Authors, string? ProjectUrl)
{
    public override string ToString() => (Expression, Url) switch
    {
        (not null, not null) => $"{Expression} ({Url})",
        (not null, null) => Expression,
        (null, not null) => Url,
        _ => "not declared in the package",
    };
}
