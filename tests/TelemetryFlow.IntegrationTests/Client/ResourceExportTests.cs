using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Application.Configuration;
using TelemetryFlow.Infrastructure.Implementation.Logging;
using TelemetryFlow.Infrastructure.Implementation.Resources;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>
/// The resource every signal carries, and the instrumentation scope of log records, as the receiver decoded them:
/// OpenTelemetry's <c>telemetry.sdk.*</c>, the detected process attributes, a per-process <c>service.instance.id</c>,
/// and the precedence code &gt; <c>OTEL_RESOURCE_ATTRIBUTES</c> &gt; detected.
/// </summary>
public sealed class ResourceExportTests
{
    // Generous: other test classes export in parallel on a shared, loaded machine; delivery is what is asserted.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Export_AllSignals_CarryTheSdkAndProcessResource()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1)))
        {
            RecordOneOfEach(client);
            Assert.True(await client.ShutdownAsync(ShutdownTimeout));
        }

        var resources = await AllResourcesAsync(receiver);
        foreach (var resource in resources)
        {
            Assert.Equal("opentelemetry", resource["telemetry.sdk.name"]);
            Assert.Equal("dotnet", resource["telemetry.sdk.language"]);
            Assert.False(string.IsNullOrEmpty(resource["telemetry.sdk.version"] as string));
            Assert.Equal(ProcessDefaults.ServiceInstanceId, resource["service.instance.id"]);
            Assert.Equal(Environment.MachineName, resource["host.name"]);
            Assert.Equal((long)Environment.ProcessId, resource["process.pid"]);
            Assert.Equal(".NET", resource["process.runtime.name"]);
            Assert.Equal(Environment.Version.ToString(), resource["process.runtime.version"]);
            Assert.Equal(OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux", resource["os.type"]);
            Assert.Equal("integration-tests", resource["service.name"]);
        }
    }

    [Fact]
    public async Task Export_TwoClientsInOneProcess_ShareOneInstanceId()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var first = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1, "first")))
        await using (var second = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1, "second")))
        {
            RecordOneOfEach(first);
            RecordOneOfEach(second);
            Assert.True(await first.ShutdownAsync(ShutdownTimeout));
            Assert.True(await second.ShutdownAsync(ShutdownTimeout));
        }

        var resources = await AllResourcesAsync(receiver, perClient: 2);
        Assert.Equal(["first", "second"], resources.Select(r => (string)r["service.name"]!).Distinct().Order());
        Assert.Equal([ProcessDefaults.ServiceInstanceId], resources.Select(r => r["service.instance.id"]).Distinct());
    }

    [Fact]
    public async Task Export_Precedence_CodeOverOtelResourceAttributesOverDetected()
    {
        var variables = new Dictionary<string, string>
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = "host.name=from-otel,service.instance.id=pod-7f9c,team=from-otel,process.runtime.name=custom",
        };
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestClients.Builder(receiver, Transport.HttpV1)
            .WithAutoConfiguration(variables.GetValueOrDefault)
            .WithCustomAttribute("team", "from-code");
        await using (var client = TestClients.Start(builder))
        {
            RecordOneOfEach(client);
            Assert.True(await client.ShutdownAsync(ShutdownTimeout));
        }

        foreach (var resource in await AllResourcesAsync(receiver))
        {
            Assert.Equal("from-otel", resource["host.name"]);
            Assert.Equal("pod-7f9c", resource["service.instance.id"]);
            Assert.Equal("custom", resource["process.runtime.name"]);
            Assert.Equal("from-code", resource["team"]);
            Assert.Equal((long)Environment.ProcessId, resource["process.pid"]);
        }
    }

    [Fact]
    public async Task Export_InAPodContainer_CarriesContainerAndKubernetesAttributes()
    {
        const string containerId = "c0ffee00deadbeef0123456789abcdef0123456789abcdef0123456789abcdef";
        var variables = new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
            ["K8S_POD_NAME"] = "checkout-7f9c6d-x2k4q",
            ["K8S_NAMESPACE_NAME"] = "shop",
            ["K8S_NODE_NAME"] = "node-3",
        };
        var files = new Dictionary<string, string> { [ResourceDetector.CgroupFile] = $"1:cpu:/kubepods/burstable/pod1/{containerId}\n" };
        await using var receiver = await OtlpReceiver.StartAsync();
        var detector = new ResourceDetector(variables.GetValueOrDefault, files.GetValueOrDefault);
        await using (var client = TelemetryFlowClient.Create(TestClients.Builder(receiver, Transport.HttpV1).Build(), sdk => sdk.AddSingleton(detector)))
        {
            client.Initialize();
            RecordOneOfEach(client);
            Assert.True(await client.ShutdownAsync(ShutdownTimeout));
        }

        foreach (var resource in await AllResourcesAsync(receiver))
        {
            Assert.Equal(containerId, resource["container.id"]);
            Assert.Equal("checkout-7f9c6d-x2k4q", resource["k8s.pod.name"]);
            Assert.Equal("shop", resource["k8s.namespace.name"]);
            Assert.Equal("node-3", resource["k8s.node.name"]);
        }
    }

    [Fact]
    public async Task Logs_ClientAndILogger_KeepTheirScopeNameAndTheSdkScopeCarriesItsVersion()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)))
        {
            client.LogInfo("from the client");
            using var bridge = new TelemetryFlowLoggerProvider(() => client.Pipeline);
            bridge.CreateLogger("Orders.Checkout").LogInformation("from the app's logger");
            Assert.True(await client.ShutdownAsync(ShutdownTimeout));
        }

        var logs = await receiver.WaitForLogsAsync(2);
        var own = Assert.Single(logs, l => l.BodyText == "from the client");
        Assert.Equal("TelemetryFlow", own.ScopeName);
        Assert.Equal(TelemetryConfig.DistroVersion, own.Scope.Version);

        var app = Assert.Single(logs, l => l.BodyText == "from the app's logger");
        Assert.Equal("Orders.Checkout", app.ScopeName);
        Assert.Equal(string.Empty, app.Scope.Version);
    }

    private static void RecordOneOfEach(TelemetryFlowClient client)
    {
        client.IncrementCounter("resource.check");
        client.LogInfo("resource check");
        using (client.Span("resource.check"))
        {
        }
    }

    /// <summary>The resource of every span, metric and log record: <paramref name="perClient"/> clients recorded one of each.</summary>
    private static async Task<List<IReadOnlyDictionary<string, object?>>> AllResourcesAsync(OtlpReceiver receiver, int perClient = 1)
    {
        // The client's own metric only: the platform's and the SDK's own meters export alongside it.
        static bool Own(ReceivedMetric m) => m.ScopeName == "TelemetryFlow";
        await receiver.WaitUntilAsync(r => r.Spans.Count >= perClient && r.Logs.Count >= perClient && r.Metrics.Count(Own) >= perClient);
        var resources = receiver.Spans.Select(s => s.ResourceAttributes)
            .Concat(receiver.Metrics.Where(Own).Select(m => m.ResourceAttributes))
            .Concat(receiver.Logs.Select(l => l.ResourceAttributes))
            .ToList();
        Assert.Equal(3 * perClient, resources.Count);
        return resources;
    }
}
