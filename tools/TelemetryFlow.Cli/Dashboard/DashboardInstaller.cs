using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace TelemetryFlow.Cli.Dashboard;

/// <summary>
/// Gets the dashboard package the way the user's own builds get packages: <c>dotnet restore</c> of a small project that
/// only downloads it (<c>PackageDownload</c>), with NuGet.config discovered from the directory the command runs in
/// (<c>RestoreRootConfigDirectory</c>) plus the user's and machine's configs. So the user's feeds, credentials, package
/// source mapping and global packages folder all apply, and the package lands where every other package does.
/// </summary>
/// <remarks>
/// The restore project stays in <see cref="StateDirectory"/>; its <c>project.assets.json</c> names the global packages
/// folder the last restore used. When the package is complete there (NuGet writes <c>.nupkg.metadata</c> last), a later
/// start uses it without running restore at all.
/// </remarks>
internal sealed class DashboardInstaller(string stateDirectory, string workingDirectory, string dotnetHost)
{
    /// <summary>A cold restore of a 38 MB package on a slow link still fits; a hung feed does not hold the command forever.</summary>
    private static readonly TimeSpan RestoreLimit = TimeSpan.FromMinutes(10);

    private const string DotnetHint = "The first start needs the .NET SDK's 'dotnet' (on PATH, or DOTNET_HOST_PATH) to fetch the package through NuGet.";

    public string StateDirectory { get; } = stateDirectory;

    /// <summary>Per user: <c>TelemetryFlow/dashboard</c> under the local application data folder (temp when there is none).</summary>
    public static string DefaultStateDirectory()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(root)
            ? Path.Combine(Path.GetTempPath(), $"telemetryflow-dashboard-{Environment.UserName}")
            : Path.Combine(root, "TelemetryFlow", "dashboard");
    }

    /// <summary>The package already in the global packages folder the last restore used, or null.</summary>
    public InstalledDashboard? FindInstalled(string runtimeIdentifier, string version) =>
        Find(runtimeIdentifier, version, ProjectDirectory(runtimeIdentifier, version), fetched: false);

    /// <summary>The installed package, restoring it first when it is not there yet.</summary>
    /// <exception cref="DashboardException">NuGet could not provide it; the message says why and what to check.</exception>
    public async Task<InstalledDashboard> InstallAsync(string runtimeIdentifier, string version, Action<string> progress, CancellationToken cancellationToken)
    {
        if (FindInstalled(runtimeIdentifier, version) is { } installed)
        {
            return installed;
        }

        var id = DashboardPackage.Id(runtimeIdentifier);
        var directory = ProjectDirectory(runtimeIdentifier, version);
        Directory.CreateDirectory(directory);
        var project = Path.Combine(directory, "dashboard-download.csproj");
        await File.WriteAllTextAsync(project, ProjectText(id, version), cancellationToken).ConfigureAwait(false);

        progress($"Fetching {id} {version} through NuGet (dotnet restore with the NuGet.config files that apply in {workingDirectory}); the first time downloads about 38 MB.");
        var clock = Stopwatch.StartNew();
        var (exitCode, output) = await RestoreAsync(project, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new DashboardException(
                $"could not fetch {id} {version} through NuGet (dotnet restore exited with {exitCode}).",
                RestoreErrors(output, project),
                $"Check the network and the package sources in your NuGet.config (a private feed must serve or proxy {id}), "
                + $"or name a version your feeds serve with {DashboardSettings.VersionOption}.");
        }

        var fetched = Find(runtimeIdentifier, version, directory, fetched: true)
            ?? throw new DashboardException(
                $"dotnet restore succeeded, but {id} {version} is not complete in the packages folder its assets file names.",
                [Path.Combine(directory, "obj", "project.assets.json")],
                $"Delete {directory} and run the command again.");
        progress(FormattableString.Invariant($"Fetched in {clock.Elapsed.TotalSeconds:0.0} s into {fetched.Folder}."));
        return fetched;
    }

    private string ProjectDirectory(string runtimeIdentifier, string version) =>
        Path.Combine(StateDirectory, $"{DashboardPackage.Id(runtimeIdentifier)}.{version}".ToLowerInvariant());

    private static InstalledDashboard? Find(string runtimeIdentifier, string version, string projectDirectory, bool fetched)
    {
        var assets = Path.Combine(projectDirectory, "obj", "project.assets.json");
        if (!File.Exists(assets))
        {
            return null;
        }

        var id = DashboardPackage.Id(runtimeIdentifier);
        foreach (var packagesFolder in PackageFolders(assets))
        {
            var folder = Path.Combine(packagesFolder, id.ToLowerInvariant(), version.ToLowerInvariant());
            var executable = Path.Combine(folder, DashboardPackage.ExecutablePath(runtimeIdentifier));
            if (File.Exists(Path.Combine(folder, ".nupkg.metadata")) && File.Exists(executable))
            {
                return new InstalledDashboard(id, version, folder, executable, fetched);
            }
        }

        return null;
    }

    private static List<string> PackageFolders(string assetsFile)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
            return document.RootElement.TryGetProperty("packageFolders", out var folders) && folders.ValueKind == JsonValueKind.Object
                ? folders.EnumerateObject().Select(p => p.Name).ToList()
                : [];
        }
        catch (JsonException)
        {
            // A restore cut off mid-write: treated as not installed, so the next start restores again.
            return [];
        }
    }

    /// <summary>
    /// A project that restores nothing but the package. No framework reference, so a newer SDK does not fetch an older
    /// targeting pack; no audit, no central package management.
    /// </summary>
    private static string ProjectText(string id, string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <!-- Written by telemetryflow-gen dashboard: it only downloads {id} into NuGet's global packages folder. -->
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
            <NuGetAudit>false</NuGetAudit>
          </PropertyGroup>
          <ItemGroup>
            <PackageDownload Include="{id}" Version="[{version}]" />
          </ItemGroup>
        </Project>
        """;

    private async Task<(int ExitCode, string Output)> RestoreAsync(string project, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(dotnetHost)
        {
            WorkingDirectory = Path.GetDirectoryName(project)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "restore", project, "--nologo", "-v:q", "-nr:false",
            $"-p:RestoreRootConfigDirectory={workingDirectory}",

            // The project lives in a folder of ours: no Directory.Build.* or Directory.Packages.props from above it.
            "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // Started from a build or test run, MSBuild's own variables would point this restore at the outer build's SDK.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DashboardException($"'{dotnetHost}' did not start.", [], DotnetHint);
        }
        catch (Win32Exception ex)
        {
            throw new DashboardException($"could not run '{dotnetHost}' to fetch the dashboard: {ex.Message}.", [], DotnetHint);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(RestoreLimit);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new DashboardException($"dotnet restore took longer than {RestoreLimit.TotalMinutes:0} minutes.", [], "Check the network and the package sources in your NuGet.config.");
            }

            return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
        }
    }

    /// <summary>NuGet's error lines, without the project path MSBuild appends to each.</summary>
    private static List<string> RestoreErrors(string output, string project)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Replace($" [{project}]", string.Empty, StringComparison.Ordinal).Replace($"{project} : ", string.Empty, StringComparison.Ordinal))
            .ToList();
        var errors = lines.Where(line => line.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        return errors.Count > 0 ? errors : lines.TakeLast(10).ToList();
    }
}
