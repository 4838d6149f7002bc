using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TelemetryFlow.Cli.Dashboard;

namespace TelemetryFlow.Cli.Commands;

/// <summary><c>dashboard</c>: fetches the .NET Aspire dashboard through NuGet and runs it on loopback for this app's telemetry.</summary>
internal static class DashboardCommand
{
    /// <summary>Generous: a cold start on a loaded machine took 7 s here.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    public static Command Create(CliContext context)
    {
        var bind = new Option<string>(DashboardSettings.BindOption)
        {
            Description = "Loopback name or address the dashboard listens on: localhost, 127.0.0.1 or ::1. It runs unsecured (no login, no OTLP key), "
                + "so any other address is refused.",
            HelpName = "address",
            DefaultValueFactory = _ => DashboardSettings.DefaultHost,
        };
        var port = PortOption(DashboardSettings.PortOption, "Port of the dashboard's web page and its telemetry API", DashboardSettings.DefaultFrontendPort);
        var grpcPort = PortOption(DashboardSettings.OtlpGrpcPortOption, "Port the dashboard receives OTLP/gRPC on; the SDK's and listen's default", DashboardSettings.DefaultOtlpGrpcPort);
        var httpPort = PortOption(DashboardSettings.OtlpHttpPortOption, "Port the dashboard receives OTLP/HTTP on; the SDK's and listen's default", DashboardSettings.DefaultOtlpHttpPort);
        var version = new Option<string>(DashboardSettings.VersionOption)
        {
            Description = "Version of the Aspire.Dashboard.Sdk.<rid> package to run; the default is the version this tool is tested with.",
            HelpName = "version",
            DefaultValueFactory = _ => DashboardPackage.DefaultVersion,
        };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Also print the dashboard's own log output.",
        };

        var command = new Command(
            "dashboard",
            "See your telemetry in a web page: fetches the .NET Aspire dashboard (Aspire.Dashboard.Sdk.<rid>, MIT) through NuGet, as your builds "
            + "fetch packages (your NuGet.config feeds, your global packages folder; downloaded once), shows its licence, and runs it on loopback "
            + "with OTLP on 4317 (gRPC) and 4318 (HTTP). Prints the URL and the environment that points an app at it. Ctrl+C stops it.")
        {
            bind, port, grpcPort, httpPort, version, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!DashboardSettings.TryCreate(
                    result.GetValue(bind)!, result.GetValue(port), result.GetValue(grpcPort), result.GetValue(httpPort), result.GetValue(version)!,
                    out var settings, out var errors))
            {
                foreach (var error in errors)
                {
                    context.Ui.Error(error);
                }

                return Program.Failure;
            }

            if (DashboardPackage.ForCurrentMachine() is not { } rid)
            {
                context.Ui.Error(
                    $"the Aspire dashboard is not published for this machine ({RuntimeDescription()}); "
                    + $"{DashboardPackage.IdPrefix}<rid> exists for {string.Join(", ", DashboardPackage.RuntimeIdentifiers)}.");
                return Program.Failure;
            }

            context.Ui.Heading($"{Program.CommandName} dashboard: the .NET Aspire dashboard, on loopback");
            try
            {
                ThrowIfAnyPortIsTaken(settings);
                var installer = new DashboardInstaller(DashboardInstaller.DefaultStateDirectory(), context.WorkingDirectory, context.Environment("DOTNET_HOST_PATH") ?? "dotnet");
                var installed = await installer.InstallAsync(rid, settings.Version, context.Ui.Line, cancellationToken).ConfigureAwait(false);
                ShowPackage(context, installed);
                return await RunAsync(context, settings, installed, result.GetValue(verbose), cancellationToken).ConfigureAwait(false);
            }
            catch (DashboardException ex)
            {
                context.Ui.Error(ex.Message);
                foreach (var detail in ex.Details)
                {
                    context.Ui.Error("  " + detail);
                }

                context.Ui.Error("hint: " + ex.Hint);
                return Program.Failure;
            }
        });
        return command;
    }

    private static Option<int> PortOption(string name, string what, int defaultPort) => new(name)
    {
        Description = what + ".",
        HelpName = "port",
        DefaultValueFactory = _ => defaultPort,
    };

    private static async Task<int> RunAsync(CliContext context, DashboardSettings settings, InstalledDashboard installed, bool verbose, CancellationToken cancellationToken)
    {
        context.Ui.Line("Starting it unsecured (no login, no OTLP key), listening on loopback only.");
        var relayGate = new Lock();
        Action<string>? relay = verbose
            ? line =>
            {
                lock (relayGate)
                {
                    context.Ui.Line("dashboard | " + line);
                }
            }
            : null;

        var clock = Stopwatch.StartNew();
        await using var dashboard = DashboardProcess.Start(installed.Executable, settings, Environment.ProcessId, relay);
        try
        {
            if (!await dashboard.WaitUntilReadyAsync(settings, StartLimit, cancellationToken).ConfigureAwait(false))
            {
                var what = dashboard.Exited.IsCompleted
                    ? $"the dashboard exited with {dashboard.ExitCode.ToString(CultureInfo.InvariantCulture)} before it was ready."
                    : $"the dashboard was not ready within {StartLimit.TotalMinutes:0} minutes.";
                throw new DashboardException(what, dashboard.RecentOutput, "Its last output is above; --verbose prints all of it.");
            }

            ShowReady(context, settings, clock.Elapsed);
            var stopRequested = Task.Delay(Timeout.Infinite, cancellationToken);
            await Task.WhenAny(dashboard.Exited, stopRequested).ConfigureAwait(false);
            if (dashboard.Exited.IsCompleted)
            {
                throw new DashboardException(
                    $"the dashboard exited on its own with {dashboard.ExitCode.ToString(CultureInfo.InvariantCulture)}.",
                    dashboard.RecentOutput,
                    "Its last output is above; --verbose prints all of it.");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the normal way to end this command.
        }

        await dashboard.StopAsync().ConfigureAwait(false);
        context.Ui.Success("Dashboard stopped.");
        return Program.Success;
    }

    private static void ShowPackage(CliContext context, InstalledDashboard installed)
    {
        var license = installed.ReadLicense();
        var rows = new List<KeyValuePair<string, string>>
        {
            new("Package", $"{installed.PackageId} {installed.Version}" + (license.Authors is null ? string.Empty : $" by {license.Authors}")),
            new("Licence", license.ToString()),
        };
        if (license.ProjectUrl is not null)
        {
            rows.Add(new("Project", license.ProjectUrl));
        }

        if (installed.ThirdPartyNotices is { } notices)
        {
            rows.Add(new("Notices", notices));
        }

        rows.Add(new("Location", installed.Folder));
        context.Ui.Properties(rows);
    }

    private static void ShowReady(CliContext context, DashboardSettings settings, TimeSpan elapsed)
    {
        var grpc = settings.OtlpGrpcUrl.GetLeftPart(UriPartial.Authority);
        var http = settings.OtlpHttpUrl.GetLeftPart(UriPartial.Authority);
        context.Ui.Success(string.Create(CultureInfo.InvariantCulture, $"Dashboard ready in {elapsed.TotalSeconds:0.0} s."));
        context.Ui.Properties(
        [
            new("Dashboard", settings.FrontendUrl.ToString()),
            new("OTLP/gRPC", grpc),
            new("OTLP/HTTP", http),
            new("Telemetry API", new Uri(settings.FrontendUrl, "api/telemetry/spans").ToString()),
        ]);
        context.Ui.Line();
        context.Ui.Line("Point an app at it with these variables (no API key: the SDK sends none to a loopback endpoint):");
        context.Ui.Code([$"{TelemetryFlowEnvironmentVariables.Endpoint}={grpc}", $"{TelemetryFlowEnvironmentVariables.Protocol}=grpc"]);
        context.Ui.Line("Any other OpenTelemetry SDK or collector:");
        context.Ui.Code([$"{TelemetryFlowEnvironmentVariables.OtelEndpoint}={grpc}", $"{TelemetryFlowEnvironmentVariables.OtelProtocol}=grpc"]);
        context.Ui.Line($"Over OTLP/HTTP instead: endpoint {http} with protocol http (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).");
        context.Ui.Line();
        context.Ui.Line("Press Ctrl+C to stop the dashboard.");
    }

    /// <summary>Fails before any download when another receiver (listen, a collector, a second dashboard) holds a port.</summary>
    private static void ThrowIfAnyPortIsTaken(DashboardSettings settings)
    {
        var addresses = IPAddress.TryParse(settings.Host, out var address)
            ? [address]
            : Socket.OSSupportsIPv6 ? new[] { IPAddress.Loopback, IPAddress.IPv6Loopback } : [IPAddress.Loopback];
        foreach (var (port, option) in settings.Ports)
        {
            foreach (var candidate in addresses)
            {
                if (IsTaken(candidate, port))
                {
                    throw new DashboardException(
                        $"port {port.ToString(CultureInfo.InvariantCulture)} on {candidate} ({option}) is in use.",
                        [],
                        $"Another receiver may be running there (telemetryflow-gen listen, a collector, another dashboard). Stop it, or pick a free port with {option}.");
                }
            }
        }
    }

    private static bool IsTaken(IPAddress address, int port)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            // The address is not available here (no IPv6 loopback, say): the dashboard skips it as well.
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static string RuntimeDescription() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}";
}
