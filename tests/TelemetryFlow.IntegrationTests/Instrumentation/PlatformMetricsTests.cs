using System.Globalization;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Instrumentation;

/// <summary>
/// The platform's built-in meters a console client exports by default (runtime, process, HttpClient), and the switch of
/// each group, in code and through the environment; checked at the receiver.
/// </summary>
public sealed class PlatformMetricsTests
{
    private const string Control = "platform.control";
    private const string RuntimeMetric = "dotnet.gc.collections";
    private const string ProcessMetric = "dotnet.process.cpu.time";
    private const string HttpClientMetric = "http.client.request.duration";

    [Fact]
    public async Task Defaults_ConsoleClient_ExportsRuntimeProcessAndHttpClientMeters()
    {
        var names = await ExportedNames(builder => builder);

        Assert.Contains(RuntimeMetric, names);
        Assert.Contains("dotnet.gc.heap.total_allocated", names);
        Assert.Contains("dotnet.thread_pool.thread.count", names);
        Assert.Contains(ProcessMetric, names);
        Assert.Contains("dotnet.process.memory.working_set", names);
        Assert.Contains(HttpClientMetric, names);
    }

    [Theory]
    [InlineData(PlatformMetrics.None)]
    [InlineData(PlatformMetrics.Runtime)]
    [InlineData(PlatformMetrics.Process)]
    [InlineData(PlatformMetrics.HttpClient)]
    [InlineData(PlatformMetrics.Runtime | PlatformMetrics.HttpClient)]
    public async Task WithPlatformMetrics_Groups_ExportOnlyThoseGroups(PlatformMetrics groups)
    {
        var names = await ExportedNames(builder => builder.WithPlatformMetrics(groups));

        Assert.Equal(groups.HasFlag(PlatformMetrics.Runtime), names.Contains(RuntimeMetric));
        Assert.Equal(groups.HasFlag(PlatformMetrics.Process), names.Contains(ProcessMetric));
        Assert.Equal(groups.HasFlag(PlatformMetrics.HttpClient), names.Contains(HttpClientMetric));
        if (!groups.HasFlag(PlatformMetrics.Runtime))
        {
            Assert.DoesNotContain(names, name => name.StartsWith("dotnet.", StringComparison.Ordinal) && !name.StartsWith("dotnet.process.", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task EnvironmentSwitches_ProcessAndHttpClientOff_LeaveThemOut()
    {
        var environment = new Dictionary<string, string>
        {
            ["TELEMETRYFLOW_PROCESS_METRICS"] = "false",
            ["TELEMETRYFLOW_HTTP_CLIENT_METRICS"] = "false",
        };
        var names = await ExportedNames(builder => builder.WithAutoConfiguration(name => environment.GetValueOrDefault(name)));

        Assert.Contains(RuntimeMetric, names);
        Assert.DoesNotContain(names, name => name.StartsWith("dotnet.process.", StringComparison.Ordinal));
        Assert.DoesNotContain(HttpClientMetric, names);
    }

    [Fact]
    public async Task RuntimeOff_AppListsSystemRuntimeItself_ExportsEveryRuntimeInstrument()
    {
        var names = await ExportedNames(builder => builder.WithPlatformMetrics(PlatformMetrics.Process).WithMeters("System.Runtime"));

        Assert.Contains(RuntimeMetric, names);
        Assert.Contains(ProcessMetric, names);
    }

    [Theory]
    [InlineData(Transport.Grpc)]
    [InlineData(Transport.HttpV1)]
    public async Task HttpClientMeters_SdkExportRequests_AreNotTheAppsTraffic(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var probe = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, transport)))
        {
            // Spans and logs are exported before the metrics, so the collector had requests to count by then.
            client.LogInfo("export traffic");
            using (client.Span("export traffic"))
            {
            }

            Assert.True(await client.FlushAsync());
            using (var http = new HttpClient())
            {
                using var response = await http.GetAsync(new Uri(probe.HttpEndpoint, "platform-probe"));
            }

            client.IncrementCounter(Control);
            Assert.True(await client.ShutdownAsync());
        }

        await receiver.WaitUntilAsync(r => r.Metrics.Any(m => m.Name == Control));
        var ports = receiver.Metrics.Where(m => m.Name == HttpClientMetric)
            .SelectMany(m => m.DataPoints)
            .Select(p => Convert.ToInt32(p.Attributes["server.port"], CultureInfo.InvariantCulture))
            .ToHashSet();

        // The app's own call is there; the SDK's requests to the collector, on the receiver's ports, are not.
        Assert.Contains(probe.HttpEndpoint.Port, ports);
        Assert.DoesNotContain(receiver.GrpcEndpoint.Port, ports);
        Assert.DoesNotContain(receiver.HttpEndpoint.Port, ports);
    }

    /// <summary>Runs a client that makes one HttpClient call, and returns the metric names the receiver got.</summary>
    private static async Task<HashSet<string>> ExportedNames(Func<TelemetryFlowBuilder, TelemetryFlowBuilder> configure)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(configure(TestClients.Builder(receiver, Transport.Grpc))))
        {
            using (var http = new HttpClient())
            {
                using var response = await http.GetAsync(new Uri(receiver.HttpEndpoint, "platform-probe"));
            }

            client.IncrementCounter(Control);
            Assert.True(await client.ShutdownAsync());
        }

        await receiver.WaitUntilAsync(r => r.Metrics.Any(m => m.Name == Control));
        return receiver.Metrics.Where(m => m.ScopeName != "TelemetryFlow").Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
    }
}
