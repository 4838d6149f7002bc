using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using TelemetryFlow.Cli.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.Cli.Tests.Listen;

/// <summary>
/// <c>listen</c> run in-process on free ports, receiving from the SDK's own client over gRPC and HTTP: the view is read
/// back from the command's output as it is printed.
/// </summary>
public sealed partial class ListenCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Listen_TelemetryFromTheSdk_ShowsTheWaterfallAndTheMetricsTable(bool http)
    {
        await using var listen = ListenRun.Start("--width", "100", "--quiet-period", "3s");
        var endpoints = await ListenRun.EndpointsAsync(listen.Output);

        await SendAsync(http ? endpoints.Http : endpoints.Grpc, http);

        var text = await listen.Output.WaitForAsync(t => t.Contains("└─ render ✘", StringComparison.Ordinal) && t.Contains("orders.read", StringComparison.Ordinal), Timeout);
        var exitCode = await listen.StopAsync();

        Assert.Equal(0, exitCode);
        var lines = listen.Output.Text.Split('\n');
        var heading = Assert.Single(lines, l => l.StartsWith("trace ", StringComparison.Ordinal) && l.Contains("· GET /orders ·", StringComparison.Ordinal));
        Assert.Contains("· listen-test · 3 spans · 1 log · 1 error ✘ ·", heading, StringComparison.Ordinal);
        var at = Array.IndexOf(lines, heading);
        Assert.StartsWith("GET /orders ", lines[at + 1], StringComparison.Ordinal);
        Assert.Matches(@"^│  ▸ INFO  loading orders$", lines[at + 2]);
        Assert.StartsWith("├─ SELECT orders ", lines[at + 3], StringComparison.Ordinal);
        Assert.StartsWith("└─ render ✘ ", lines[at + 4], StringComparison.Ordinal);
        Assert.Equal("      ✘ System.InvalidOperationException: template missing", lines[at + 5]);
        Assert.All([lines[at + 1], lines[at + 3], lines[at + 4]], l => Assert.Contains('█', l));
        Assert.All(lines[at..], l => Assert.True(l.Length <= 100, $"'{l}' is {l.Length} characters."));
        Assert.Matches(@"(?m)^  orders\.read +counter +route=/orders +1 *$", text);
        Assert.DoesNotContain('\u001b', listen.Output.Text);
        Assert.Contains("Stopped. Shown: ", listen.Output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_Json_PrintsOneParsableObjectPerLineAndStatusOnStderr()
    {
        await using var listen = ListenRun.Start("--json", "--quiet-period", "3s");
        var endpoints = await ListenRun.EndpointsAsync(listen.Error);

        await SendAsync(endpoints.Grpc, http: false);

        await listen.Output.WaitForAsync(t => t.Contains("\"type\":\"trace\"", StringComparison.Ordinal) && t.Contains("\"orders.read\"", StringComparison.Ordinal), Timeout);
        Assert.Equal(0, await listen.StopAsync());

        var objects = listen.Output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var trace = Assert.Single(objects, o => o.GetProperty("type").GetString() == "trace" && o.GetProperty("spans").GetArrayLength() == 3);
        var spans = trace.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(spans["GET /orders"].GetProperty("spanId").GetString(), spans["SELECT orders"].GetProperty("parentSpanId").GetString());
        Assert.Equal("error", spans["render"].GetProperty("status").GetString());
        Assert.Equal("loading orders", Assert.Single(trace.GetProperty("logs").EnumerateArray()).GetProperty("body").GetString());
        var metric = Assert.Single(objects, o => o.GetProperty("type").GetString() == "metric" && o.GetProperty("name").GetString() == "orders.read");
        Assert.Equal(1, metric.GetProperty("value").GetInt64());
        Assert.Equal("/orders", metric.GetProperty("attributes").GetProperty("route").GetString());
        Assert.Contains("Listening for OTLP", listen.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_OtlpJsonOverHttp_ShowsTheTrace()
    {
        // What a browser's OTLP/HTTP exporter sends: JSON, hex ids, 64-bit times as strings.
        const string Body = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web-ui"}}]},
              "scopeSpans":[{"scope":{"name":"browser"},"spans":[
                {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"click #buy","kind":1,
                 "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712660300000000"},
                {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","parentSpanId":"eee19b7ec3c1b174",
                 "name":"POST /cart","kind":3,"startTimeUnixNano":"1544712660100000000","endTimeUnixNano":"1544712660250000000"}]}]}]}
            """;
        await using var listen = ListenRun.Start("--width", "80", "--quiet-period", "100ms");
        var endpoints = await ListenRun.EndpointsAsync(listen.Output);

        using var http = new HttpClient();
        using var content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(endpoints.Http, "v1/traces"), content);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var text = await listen.Output.WaitForAsync(t => t.Contains("└─ POST /cart", StringComparison.Ordinal), Timeout);
        Assert.Contains("trace 5b8efff7 · click #buy · web-ui · 2 spans · 300 ms", text, StringComparison.Ordinal);
        Assert.Equal(0, await listen.StopAsync());
    }

    [Fact]
    public async Task Listen_PortTaken_FailsNamingTheFlag()
    {
        using var taken = RefusingEndpoint.Create();

        await using var listen = ListenRun.Start("--grpc-port", taken.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--http-port", "0");

        Assert.Equal(1, await listen.StopAsync(cancel: false));
        Assert.Contains($"--grpc-port {taken.Port} is already in use", listen.Error.Text, StringComparison.Ordinal);
    }

    private static async Task SendAsync(Uri endpoint, bool http)
    {
        var builder = new TelemetryFlowBuilder()
            .WithApiKey("tfk_listen_test", "tfs_listen_test_secret")
            .WithService("listen-test", "1.0.0")
            .WithEndpoint(endpoint.ToString())
            .WithSdkMetrics(false)
            .WithPlatformMetrics(PlatformMetrics.None)
            .WithRetry(enabled: false);
        if (http)
        {
            builder.WithHttp();
        }

        await using var client = builder.BuildClient();
        client.Initialize();
        using (client.Span("GET /orders"))
        {
            client.LogInfo("loading orders");

            // The log is sent before its trace's spans end, so however slow the machine, it is waiting when the trace
            // is printed: the test does not depend on the quiet period outlasting the gap between two requests.
            Assert.True(await client.FlushAsync());
            using (client.Span("SELECT orders"))
            {
            }

            var render = client.StartSpan("render");
            client.EndSpan(render.SpanId, new InvalidOperationException("template missing"));
        }

        client.IncrementCounter("orders.read", 1, new TagList { { "route", "/orders" } });
        Assert.True(await client.ShutdownAsync());
    }

    /// <summary>One in-process run of <c>listen</c> with watched output, stopped as Ctrl+C would stop it.</summary>
    private sealed partial class ListenRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task<int> _run = Task.FromResult(0);

        public WatchedWriter Output { get; } = new();

        public WatchedWriter Error { get; } = new();

        public static ListenRun Start(params string[] options)
        {
            var run = new ListenRun();
            string[] freePorts = options.Contains("--grpc-port") ? [] : ["--grpc-port", "0", "--http-port", "0"];
            string[] args = ["listen", .. freePorts, .. options];
            run._run = Task.Run(() => Program.RunAsync(args, TextReader.Null, run.Output, run.Error, _ => null, Path.GetTempPath(), outputIsTerminal: false, run._stop.Token));
            return run;
        }

        public static async Task<(Uri Grpc, Uri Http)> EndpointsAsync(WatchedWriter banner)
        {
            var text = await banner.WaitForAsync(t => Endpoints().Count(t) == 2, Timeout);
            var found = Endpoints().Matches(text);
            return (new Uri(found[0].Groups["url"].Value), new Uri(found[1].Groups["url"].Value));
        }

        public async Task<int> StopAsync(bool cancel = true)
        {
            if (cancel)
            {
                await _stop.CancelAsync();
            }

            return await _run.WaitAsync(Timeout);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(Timeout);
            _stop.Dispose();
        }

        [GeneratedRegex(@"^  (?:gRPC|HTTP)  (?<url>http://127\.0\.0\.1:\d+/)", RegexOptions.Multiline)]
        private static partial Regex Endpoints();
    }
}
