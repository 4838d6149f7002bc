using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TelemetryFlow.Cli.Dashboard;

/// <summary>
/// The dashboard as a child process: configured only by what this class sets, unsecured on loopback, stopped with
/// SIGTERM (then killed) and never outliving the CLI.
/// </summary>
/// <remarks>
/// Three things stop it with the CLI: <see cref="StopAsync"/> on Ctrl+C or when the command ends; a process-exit handler
/// if the CLI ends some other way; and, when the CLI is killed outright, the dashboard's own parent watchdog, which
/// ends the dashboard once the process named by <c>ASPIRE_CLI_PID</c> is gone (seen with 13.6.5: it exits within about
/// 4 s; a test checks it).
/// </remarks>
internal sealed class DashboardProcess : IAsyncDisposable
{
    private const int RecentLineCount = 40;
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The only variables of the user's shell the dashboard gets (an allowlist): anything else could reconfigure it behind
    /// this command's back (an ASP.NET Core app reads unprefixed variables such as <c>URLS</c> or <c>Kestrel__*</c>, which
    /// could add a non-loopback endpoint) or hand it secrets it has no use for (<c>TELEMETRYFLOW_API_KEY_SECRET</c>).
    /// </summary>
    private static readonly string[] KeptVariables =
        ["PATH", "HOME", "USERPROFILE", "TMP", "TEMP", "TMPDIR", "LANG", "LANGUAGE", "SystemRoot", "windir", "SystemDrive", "ProgramData", "LOCALAPPDATA", "APPDATA", "XDG_RUNTIME_DIR"];

    private static readonly string[] KeptPrefixes = ["DOTNET_ROOT", "LC_"];

    private readonly Process _process;
    private readonly Queue<string> _recent = new();
    private readonly Lock _gate = new();
    private readonly Action<string>? _relay;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _relayClosed;

    private DashboardProcess(Process process, Action<string>? relay)
    {
        _process = process;
        _relay = relay;
    }

    /// <summary>Completes when the dashboard process has exited, for whatever reason.</summary>
    public Task Exited => _exited.Task;

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>The dashboard's last output lines, for an error report.</summary>
    public IReadOnlyList<string> RecentOutput
    {
        get
        {
            lock (_gate)
            {
                return [.. _recent];
            }
        }
    }

    /// <summary>The environment the dashboard gets on top of the inherited one (after <see cref="RemovedPrefixes"/>).</summary>
    public static IReadOnlyDictionary<string, string> Configuration(DashboardSettings settings, int parentProcessId) => new Dictionary<string, string>
    {
        ["ASPNETCORE_URLS"] = Origin(settings.FrontendUrl),
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Origin(settings.OtlpGrpcUrl),
        ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = Origin(settings.OtlpHttpUrl),

        // Unsecured, which DashboardSettings allows on loopback only: no browser token, no OTLP key, an open telemetry API.
        ["Dashboard__Frontend__AuthMode"] = "Unsecured",
        ["Dashboard__Otlp__AuthMode"] = "Unsecured",
        ["Dashboard__Api__Enabled"] = "true",
        ["Dashboard__Api__AuthMode"] = "Unsecured",

        // The dashboard's parent watchdog: it shuts down when this process is gone.
        ["ASPIRE_CLI_PID"] = parentProcessId.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Starts the dashboard; <paramref name="relay"/> receives its output lines as they come (null: keep only the last ones).</summary>
    public static DashboardProcess Start(string executable, DashboardSettings settings, int parentProcessId, Action<string>? relay)
    {
        EnsureExecutable(executable);
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => !IsKept(k)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in Configuration(settings, parentProcessId))
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var dashboard = new DashboardProcess(process, relay);
        process.OutputDataReceived += (_, e) => dashboard.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => dashboard.OnLine(e.Data);
        process.Exited += (_, _) => dashboard._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += dashboard.OnCliExit;
        return dashboard;
    }

    /// <summary>
    /// Waits until the web page and its telemetry API answer and both OTLP ports accept connections. False when the
    /// dashboard exited first or <paramref name="limit"/> passed.
    /// </summary>
    public async Task<bool> WaitUntilReadyAsync(DashboardSettings settings, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var api = new Uri(settings.FrontendUrl, "api/telemetry/spans?limit=1");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit && !Exited.IsCompleted)
        {
            if (await ApiAnswersAsync(http, api, cancellationToken).ConfigureAwait(false)
                && await AcceptsAsync(settings.Host, settings.OtlpGrpcPort, cancellationToken).ConfigureAwait(false)
                && await AcceptsAsync(settings.Host, settings.OtlpHttpPort, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            await Task.WhenAny(Exited, Task.Delay(PollInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return false;
    }

    /// <summary>Asks the dashboard to stop (SIGTERM; Kestrel finishes its requests) and kills it if it has not within 5 s.</summary>
    public async Task StopAsync()
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        if (!OperatingSystem.IsWindows() && Kill(_process.Id, SigTerm) == 0)
        {
            await Task.WhenAny(Exited, Task.Delay(GracefulStop)).ConfigureAwait(false);
        }

        if (!Exited.IsCompleted)
        {
            KillNow();
            await Task.WhenAny(Exited, Task.Delay(GracefulStop)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);

        // The last output lines arrive after the exit; the relay's writer may be gone once the command returns.
        using (var drained = new CancellationTokenSource(GracefulStop))
        {
            try
            {
                await _process.WaitForExitAsync(drained.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Not drained in time: the lines still to come are dropped below.
            }
        }

        _relayClosed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnCliExit;
        _process.Dispose();
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    /// <summary>NuGet extracts with the package's file modes on most setups; where it did not, the owner gets execute.</summary>
    private static void EnsureExecutable(string executable)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(executable);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(executable, mode | UnixFileMode.UserExecute);
        }
    }

    private static async Task<bool> ApiAnswersAsync(HttpClient http, Uri api, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(api, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _recent.Enqueue(line);
            if (_recent.Count > RecentLineCount)
            {
                _recent.Dequeue();
            }
        }

        if (!_relayClosed)
        {
            _relay?.Invoke(line);
        }
    }

    private void OnCliExit(object? sender, EventArgs e) => KillNow();

    private void KillNow()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    internal static bool IsKept(string name) =>
        KeptVariables.Contains(name, StringComparer.OrdinalIgnoreCase)
        || KeptPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
