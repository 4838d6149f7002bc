using System.Diagnostics;
using TelemetryFlow.Cli.Dashboard;
using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Dashboard;

/// <summary>
/// Fetches the dashboard package once for the tests that start it, exactly as the command does (dotnet restore with the
/// NuGet.config files that apply in the repository, into the global packages folder). On a clean machine this is the
/// download; afterwards it finds the package and runs no restore.
/// </summary>
public sealed class DashboardPackageFixture : IAsyncLifetime
{
    internal InstalledDashboard Installed { get; private set; } = null!;

    internal DashboardInstaller Installer { get; } =
        new(DashboardInstaller.DefaultStateDirectory(), RepositoryRoot.Path, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");

    internal string Rid { get; } = DashboardPackage.ForCurrentMachine() ?? throw new InvalidOperationException("No dashboard package for this machine.");

    public TimeSpan InstallTime { get; private set; }

    public List<string> Progress { get; } = [];

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            Installed = await Installer.InstallAsync(Rid, DashboardPackage.DefaultVersion, Progress.Add, CancellationToken.None);
        }
        catch (DashboardException ex)
        {
            // xunit shows only the message: put the evidence and the hint in it.
            throw new InvalidOperationException(
                $"The dashboard tests need {DashboardPackage.Id(Rid)} {DashboardPackage.DefaultVersion} from NuGet, and fetching it failed: {ex.Message}"
                + Environment.NewLine + string.Join(Environment.NewLine, ex.Details) + Environment.NewLine + ex.Hint,
                ex);
        }

        InstallTime = clock.Elapsed;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
