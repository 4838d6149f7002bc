using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using TelemetryFlow.Cli.Dashboard;
using TelemetryFlow.Cli.Tests.Support;
using Xunit.Abstractions;

namespace TelemetryFlow.Cli.Tests.Dashboard;

/// <summary>
/// The real dashboard, started by the command on free ports: the sample's spans, sent by the SDK over OTLP/gRPC, come
/// back through its telemetry API (<c>/api/telemetry/spans</c>); Ctrl+C stops it; it never outlives its parent.
/// </summary>
public sealed class DashboardTests(DashboardPackageFixture package, ITestOutputHelper log) : IClassFixture<DashboardPackageFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly string[] SampleSpans = ["sample.operation", "sample.child", "sample.failure"];

    [Fact]
    public async Task Dashboard_SampleSpansSentWithTheSdk_ComeBackThroughItsTelemetryApi()
    {
        log.WriteLine($"Package: {package.Installed.Folder} (fetched now: {package.Installed.Fetched}, {package.InstallTime.TotalSeconds:0.0} s)");
        package.Progress.ForEach(log.WriteLine);
        var ports = FreePorts.Take(3);
        var (frontend, grpc) = (new Uri($"http://localhost:{ports[0]}/"), $"http://localhost:{ports[1]}");
        using var stop = new CancellationTokenSource();
        using var output = new WatchedWriter();
        using var error = new StringWriter();
        var clock = Stopwatch.StartNew();
        var run = Program.RunAsync(
            ["dashboard", "--port", Text(ports[0]), "--otlp-grpc-port", Text(ports[1]), "--otlp-http-port", Text(ports[2])],
            TextReader.Null, output, error, _ => null, RepositoryRoot.Path, cancellationToken: stop.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            Assert.True(
                await UntilAsync(async () => (await SpanNamesAsync(http, frontend)) is not null, run),
                $"The dashboard's telemetry API did not answer. {Describe(run, output, error)}");
            log.WriteLine($"Dashboard answering {clock.Elapsed.TotalSeconds:0.0} s after the command started.");

            await SendTheSampleSpansAsync(grpc);

            Assert.True(
                await UntilAsync(async () => (await SpanNamesAsync(http, frontend))?.IsSupersetOf(SampleSpans) == true, run),
                $"The sample's spans did not come back. {Describe(run, output, error)}");

            // The API can answer before the command's own readiness check has printed the app's environment: wait for it.
            await output.WaitForAsync(t => t.Contains("OTEL_EXPORTER_OTLP_ENDPOINT=", StringComparison.Ordinal), Patience);
        }
        finally
        {
            await stop.CancelAsync();
        }

        var exitCode = await run.WaitAsync(Patience);
        log.WriteLine(output.ToString());
        Assert.True(exitCode == 0, Describe(run, output, error));
        var text = output.ToString();
        Assert.DoesNotContain("Fetching", text);
        Assert.Contains($"Licence:  MIT (https://licenses.nuget.org/MIT)", text);
        Assert.Contains($"TELEMETRYFLOW_ENDPOINT={grpc}", text);
        Assert.Contains($"OTEL_EXPORTER_OTLP_ENDPOINT={grpc}", text);
        Assert.Contains("Dashboard stopped.", text);
        Assert.False(await AcceptsAsync(ports[0]), "The dashboard still listens after the command ended.");
    }

    [Fact]
    public async Task Dashboard_ParentGone_ExitsOnItsOwn()
    {
        var ports = FreePorts.Take(3);
        Assert.True(DashboardSettings.TryCreate("127.0.0.1", ports[0], ports[1], ports[2], DashboardPackage.DefaultVersion, out var settings, out _));
        using var parent = Process.Start(OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd", "/c ping -n 600 127.0.0.1") { RedirectStandardOutput = true }
            : new ProcessStartInfo("sleep", "600"))!;
        await using var dashboard = DashboardProcess.Start(package.Installed.Executable, settings, parent.Id, relay: null);
        Assert.True(await dashboard.WaitUntilReadyAsync(settings, Patience, CancellationToken.None), string.Join(Environment.NewLine, dashboard.RecentOutput));

        var clock = Stopwatch.StartNew();
        parent.Kill();
        await dashboard.Exited.WaitAsync(TimeSpan.FromMinutes(1));

        log.WriteLine($"The dashboard exited {clock.Elapsed.TotalSeconds:0.0} s after its parent.");
    }

    [Fact]
    public void SecondStart_FindsThePackageWithoutRestoring()
    {
        var again = package.Installer.FindInstalled(package.Rid, DashboardPackage.DefaultVersion);

        Assert.NotNull(again);
        Assert.False(again.Fetched);
        Assert.Equal(package.Installed.Executable, again.Executable);
    }

    private static async Task SendTheSampleSpansAsync(string endpoint)
    {
        // The console sample's spans, the same calls: a parent with a child that has an event, then a failure.
        var client = new TelemetryFlowBuilder().WithService("telemetryflow-dashboard-test").WithEndpoint(endpoint).BuildClient();
        await using (client)
        {
            client.Initialize();
            using (client.Span("sample.operation"))
            {
                var child = client.StartSpan("sample.child", SpanKind.Internal, [new("sample.step", 1)]);
                client.AddSpanEvent(child.SpanId, "sample.event", [new("detail", "something happened")]);
                client.EndSpan(child.SpanId);
            }

            var failure = client.StartSpan("sample.failure");
            client.EndSpan(failure.SpanId, new InvalidOperationException("the sample failed on purpose"));
            Assert.True(await client.ShutdownAsync(), "The SDK did not flush in time.");
        }
    }

    /// <summary>Every span name the API returns, or null while it does not answer.</summary>
    private static async Task<HashSet<string>?> SpanNamesAsync(HttpClient http, Uri frontend)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(frontend, "api/telemetry/spans?limit=1000"));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            return json.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
                .SelectMany(r => r.GetProperty("scopeSpans").EnumerateArray())
                .SelectMany(s => s.GetProperty("spans").EnumerateArray())
                .Select(s => s.GetProperty("name").GetString()!)
                .ToHashSet();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, the command ends, or <see cref="Patience"/> passes.</summary>
    private static async Task<bool> UntilAsync(Func<Task<bool>> condition, Task command)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience && !command.IsCompleted)
        {
            if (await condition())
            {
                return true;
            }

            await Task.WhenAny(command, Task.Delay(TimeSpan.FromMilliseconds(250)));
        }

        return false;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("localhost", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Describe(Task<int> run, TextWriter output, TextWriter error) =>
        $"Command {(run.IsCompleted ? $"ended with {run.Result}" : "still running")}.{Environment.NewLine}--- stdout ---{Environment.NewLine}{output}--- stderr ---{Environment.NewLine}{error}";

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
