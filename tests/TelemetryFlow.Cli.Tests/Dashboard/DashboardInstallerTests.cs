using TelemetryFlow.Cli.Dashboard;

namespace TelemetryFlow.Cli.Tests.Dashboard;

/// <summary>How a fetch that NuGet cannot serve is reported: no package is downloaded here.</summary>
public sealed class DashboardInstallerTests : IDisposable
{
    private readonly TempDirectory _directory = new("tfcli-dashboard-nuget");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task UnreachableFeed_FailsWithNuGetsErrorAndAHintNamingTheVersionOption()
    {
        // The user's NuGet.config is honoured: here it names only a feed nothing listens on.
        var project = Directory.CreateDirectory(_directory.Combine("app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(project, "NuGet.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="unreachable" value="https://127.0.0.1:9/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        var installer = new DashboardInstaller(_directory.Combine("state"), project, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        var progress = new List<string>();

        var failure = await Assert.ThrowsAsync<DashboardException>(
            () => installer.InstallAsync("linux-x64", "0.0.1-telemetryflow-unserved", progress.Add, CancellationToken.None));

        Assert.Contains("could not fetch Aspire.Dashboard.Sdk.linux-x64 0.0.1-telemetryflow-unserved through NuGet", failure.Message);
        Assert.Contains(failure.Details, line => line.Contains("NU1301", StringComparison.Ordinal) && line.Contains("https://127.0.0.1:9/v3/index.json", StringComparison.Ordinal));
        Assert.DoesNotContain(failure.Details, line => line.Contains(".csproj", StringComparison.Ordinal));
        Assert.Contains("NuGet.config", failure.Hint);
        Assert.Contains("--version", failure.Hint);
        Assert.Contains(progress, line => line.Contains($"NuGet.config files that apply in {project}", StringComparison.Ordinal));
        Assert.Null(installer.FindInstalled("linux-x64", "0.0.1-telemetryflow-unserved"));
    }
}
