using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TelemetryFlow.Cli.Dashboard;
using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Dashboard;

/// <summary><c>dashboard</c>'s arguments, the runtime identifier and the child's configuration: nothing here downloads or starts it.</summary>
public sealed class DashboardArgumentTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.10")]
    [InlineData("dashboard.example.com")]
    public async Task NonLoopbackBind_IsRefusedNamingTheOptionAndNothingIsFetched(string address)
    {
        var result = await CliRunner.RunAsync("dashboard", "--bind", address);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--bind '{address}' is not a loopback address", result.Error);
        Assert.Contains("unsecured", result.Error);
        Assert.DoesNotContain("Fetching", result.All);
    }

    [Theory]
    [InlineData("localhost", "http://localhost:18888")]
    [InlineData("127.0.0.1", "http://127.0.0.1:18888")]
    [InlineData("127.0.0.2", "http://127.0.0.2:18888")]
    [InlineData("::1", "http://[::1]:18888")]
    [InlineData("[::1]", "http://[::1]:18888")]
    public void LoopbackBind_IsAcceptedAndTheDashboardListensThere(string address, string frontend)
    {
        Assert.True(DashboardSettings.TryCreate(address, 18888, 4317, 4318, DashboardPackage.DefaultVersion, out var settings, out var errors), string.Join("; ", errors));

        var configuration = DashboardProcess.Configuration(settings, parentProcessId: 42);

        Assert.Equal(frontend, configuration["ASPNETCORE_URLS"]);
        Assert.Equal(frontend.Replace("18888", "4317", StringComparison.Ordinal), configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"]);
        Assert.Equal(frontend.Replace("18888", "4318", StringComparison.Ordinal), configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"]);
        Assert.Equal("42", configuration["ASPIRE_CLI_PID"]);
        Assert.All(
            new[] { "Dashboard__Frontend__AuthMode", "Dashboard__Otlp__AuthMode", "Dashboard__Api__AuthMode" },
            key => Assert.Equal("Unsecured", configuration[key]));
    }

    [Theory]
    [InlineData("PATH", true)]
    [InlineData("HOME", true)]
    [InlineData("DOTNET_ROOT", true)]
    [InlineData("LC_ALL", true)]
    [InlineData("TELEMETRYFLOW_API_KEY_SECRET", false)]
    [InlineData("URLS", false)]
    [InlineData("Kestrel__Endpoints__Any__Url", false)]
    [InlineData("ASPNETCORE_URLS", false)]
    [InlineData("AWS_SECRET_ACCESS_KEY", false)]
    public void ShellEnvironment_OnlyAnAllowlistReachesTheDashboard(string name, bool kept) =>
        Assert.Equal(kept, DashboardProcess.IsKept(name));

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--otlp-grpc-port", "65536")]
    [InlineData("--otlp-http-port", "-1")]
    public async Task PortOutOfRange_IsRefusedNamingTheOption(string option, string value)
    {
        var result = await CliRunner.RunAsync("dashboard", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{option} {value} is not a port; use 1 to 65535.", result.Error);
    }

    [Fact]
    public async Task PortThatIsNotANumber_IsRefusedByTheParser()
    {
        var result = await CliRunner.RunAsync("dashboard", "--otlp-grpc-port", "grpc");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("grpc", result.Error);
    }

    [Fact]
    public async Task SamePortTwice_IsRefusedNamingBothOptions()
    {
        var result = await CliRunner.RunAsync("dashboard", "--port", "4318");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--port and --otlp-http-port are both 4318", result.Error);
    }

    [Fact]
    public async Task PortInUse_FailsBeforeAnyDownloadNamingTheOption()
    {
        var ports = FreePorts.Take(2);
        var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        try
        {
            var taken = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

            var result = await CliRunner.RunAsync(
                "dashboard", "--bind", "127.0.0.1", "--port", ports[0].ToString(CultureInfo.InvariantCulture), "--otlp-grpc-port", taken,
                "--otlp-http-port", ports[1].ToString(CultureInfo.InvariantCulture));

            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"port {taken} on 127.0.0.1 (--otlp-grpc-port) is in use", result.Error);
            Assert.Contains("pick a free port with --otlp-grpc-port", result.Error);
            Assert.DoesNotContain("Fetching", result.All);
        }
        finally
        {
            holder.Stop();
        }
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("13.6")]
    [InlineData("13.6.5;rm -rf")]
    public async Task VersionThatIsNotAPackageVersion_IsRefusedNamingTheOption(string version)
    {
        var result = await CliRunner.RunAsync("dashboard", "--version", version);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--version '{version}' is not a package version", result.Error);
    }

    [Theory]
    [InlineData("13.6.5")]
    [InlineData("13.7.0-preview.1.25612.3")]
    public void PackageVersion_IsAccepted(string version) =>
        Assert.True(DashboardSettings.TryCreate("localhost", 18888, 4317, 4318, version, out _, out var errors), string.Join("; ", errors));

    [Fact]
    public async Task Help_DescribesEveryOptionAndTheRootListsTheCommand()
    {
        var root = await CliRunner.RunAsync("--help");
        var help = await CliRunner.RunAsync("dashboard", "--help");

        Assert.Contains("  dashboard", root.Output);
        Assert.Equal(0, help.ExitCode);
        foreach (var option in new[] { "--bind", "--port", "--otlp-grpc-port", "--otlp-http-port", "--version", "--verbose" })
        {
            Assert.Contains(option, help.Output);
        }

        Assert.Contains("[default: 4317]", help.Output);
        Assert.Contains("[default: 4318]", help.Output);
        Assert.Contains($"[default: {DashboardPackage.DefaultVersion}]", help.Output);
    }

    public static TheoryData<string, Architecture, bool, string?> Machines => new()
    {
        { "linux", Architecture.X64, false, "linux-x64" },
        { "linux", Architecture.Arm64, false, "linux-arm64" },
        { "linux", Architecture.X64, true, "linux-musl-x64" },
        { "linux", Architecture.Arm64, true, null },
        { "linux", Architecture.Arm, false, null },
        { "osx", Architecture.X64, false, "osx-x64" },
        { "osx", Architecture.Arm64, false, "osx-arm64" },
        { "windows", Architecture.X64, false, "win-x64" },
        { "windows", Architecture.X86, false, "win-x86" },
        { "windows", Architecture.Arm64, false, "win-arm64" },
        { "freebsd", Architecture.X64, false, null },
    };

    [Theory]
    [MemberData(nameof(Machines))]
    public void RuntimeIdentifier_IsThePublishedPackageForTheMachineOrNone(string os, Architecture architecture, bool musl, string? expected)
    {
        var platform = OSPlatform.Create(os.ToUpperInvariant());

        Assert.Equal(expected, DashboardPackage.For(platform, architecture, musl));
    }

    [Fact]
    public void RuntimeIdentifier_OfThisMachine_IsOneThePackageIsPublishedFor()
    {
        var rid = DashboardPackage.ForCurrentMachine();

        Assert.NotNull(rid);
        Assert.Contains(rid, DashboardPackage.RuntimeIdentifiers);
        Assert.StartsWith(OperatingSystem.IsWindows() ? "win-" : OperatingSystem.IsMacOS() ? "osx-" : "linux-", rid, StringComparison.Ordinal);
    }
}
