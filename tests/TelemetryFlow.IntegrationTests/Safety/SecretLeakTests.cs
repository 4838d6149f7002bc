using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Infrastructure.Implementation.Logging;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>
/// A distinctive secret is configured, then every channel the SDK writes to is exercised: exported
/// telemetry (client logs, ILogger bridge, spans, metrics, resources), exception messages (invalid
/// configuration, failed startup, recording after shutdown), <c>ToString()</c> of config, credentials,
/// status and health, status and health descriptions after an authentication failure, domain events,
/// self-diagnostics EventSource payloads, and the console sample's output. The secret must appear
/// nowhere except the two request headers that carry it.
/// </summary>
[Collection(SafetyScenarios.Name)]
public sealed class SecretLeakTests
{
    private const string KeyId = "tfk_canary_integration";
    private const string CanaryCore = "CANARY_7f3e9a51c2";
    private const string Secret = "tfs_" + CanaryCore + "_secret";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Secret_EveryOutputChannel_AppearsOnlyInTheTwoSecretHeaders()
    {
        using var diagnostics = new DiagnosticEvents();
        var shown = new List<(string Channel, string Text)>();
        void Show(string channel, object? value) => shown.Add((channel, value?.ToString() ?? string.Empty));

        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unauthorized().ForSignal(OtlpSignal.Logs));
        var domainEvents = new ConcurrentQueue<TelemetryFlowEvent>();
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var client = Builder(receiver).BuildClient())
        {
            using var subscription = client.Subscribe<TelemetryFlowEvent>(domainEvents.Enqueue);
            using var refusal = client.Subscribe<ExportFailed>(e => refused.TrySetResult());
            client.Initialize();

            client.LogInfo("first log, refused with 401");
            _ = client.FlushAsync();
            await refused.Task.WaitAsync(Timeout);
            var afterRefusal = client.GetStatus();
            Assert.NotNull(afterRefusal.Logs.LastFailureReason);
            Show("status after 401", Describe(afterRefusal));
            Show("health after 401", Describe(await client.GetHealthAsync()));

            using (var bridge = new TelemetryFlowLoggerProvider(() => client.Pipeline))
            {
                bridge.CreateLogger("Checkout").LogError(new InvalidOperationException("payment failed"), "Order {OrderId} failed", 42);
            }

            client.LogWarn("client log", [new("order.id", "1234")]);
            client.IncrementCounter("canary.counter", 1, new TagList { { "route", "/pay" } });
            using (client.Span("canary.span", attributes: [new("attr", "value")]))
            {
            }

            var failing = client.StartSpan("canary.failure");
            client.EndSpan(failing.SpanId, new InvalidOperationException("boom"));
            Assert.True(await client.ShutdownAsync());

            Show("config", client.Config);
            Show("credentials", client.Config.Credentials);
            Show("status", Describe(client.GetStatus()));
            Show("health", Describe(await client.GetHealthAsync()));
            Show("recording after shutdown", Assert.ThrowsAny<TelemetryFlowException>(() => client.LogInfo("late")));
        }

        foreach (var domainEvent in domainEvents)
        {
            Show("domain event", domainEvent);
        }

        Show("invalid configuration", Assert.Throws<ConfigurationException>(() => new TelemetryFlowBuilder()
            .WithApiKey(KeyId, Secret)
            .WithEndpoint("http://collector.example:4318")
            .WithTimeout(TimeSpan.Zero)
            .Build()));

        var extensions = new TelemetryPipelineExtensions();
        extensions.Tracing.Add(_ => throw new InvalidOperationException("a pipeline extension failed"));
        using (var broken = TelemetryFlowClient.Create(Builder(receiver).Build(), services => services.AddSingleton(extensions)))
        {
            Show("failed startup", Assert.Throws<TelemetryFlowException>(broken.Initialize));
            Show("recording after failed startup", Assert.ThrowsAny<TelemetryFlowException>(() => broken.LogInfo("never")));
            Show("status after failed startup", Describe(broken.GetStatus()));
        }

        await using var sampleReceiver = await OtlpReceiver.StartAsync();
        var sample = await ConsoleSample.RunAsync(
            new Dictionary<string, string>
            {
                ["TELEMETRYFLOW_ENDPOINT"] = sampleReceiver.GrpcEndpoint.ToString(),
                ["TELEMETRYFLOW_API_KEY_ID"] = KeyId,
                ["TELEMETRYFLOW_API_KEY_SECRET"] = Secret,
                ["TELEMETRYFLOW_SERVICE_NAME"] = "console-sample-secret-scan",
            },
            Timeout);
        Assert.True(sample.ExitCode == 0, $"The console sample exited with {sample.ExitCode}:{Environment.NewLine}{sample.StandardOutput}{sample.StandardError}");
        Assert.Contains("tfs_****", sample.StandardOutput, StringComparison.Ordinal);
        Show("console sample stdout", sample.StandardOutput);
        Show("console sample stderr", sample.StandardError);

        await diagnostics.WaitForAsync(e => e.EventSource.Name == DiagnosticEvents.SourceName && e.EventId == 2, Timeout);
        Assert.Contains(diagnostics.Captured, c => c.Event.EventSource.Name == DiagnosticEvents.SourceName && c.Event.EventId == 4 && Equals(c.Event.Payload?[0], "Logs"));
        Show("self-diagnostics events", diagnostics.Text);

        foreach (var (name, wire) in new[] { ("client", receiver), ("console sample", sampleReceiver) })
        {
            Assert.NotEmpty(wire.Requests);
            Show($"{name}: decoded telemetry", WireText.Of(wire));
            foreach (var request in wire.Requests)
            {
                AssertOnlySecretHeadersCarryTheSecret(request);
            }
        }

        Assert.Contains(shown, s => s.Channel == "console sample: decoded telemetry" && s.Text.Contains("sample.requests", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.Channel == "client: decoded telemetry" && s.Text.Contains("Order {OrderId} failed", StringComparison.Ordinal));
        var leaks = shown.Where(s => s.Text.Contains(CanaryCore, StringComparison.Ordinal)).Select(s => $"{s.Channel}: {s.Text}").ToList();
        Assert.True(leaks.Count == 0, "The secret leaked:" + Environment.NewLine + string.Join(Environment.NewLine, leaks));
    }

    private static TelemetryFlowBuilder Builder(OtlpReceiver receiver) => new TelemetryFlowBuilder()
        .WithApiKey(KeyId, Secret)
        .WithService("secret-scan", "1.0.0")
        .WithEndpoint(receiver.GrpcEndpoint.ToString())
        .WithRetry(enabled: false)
        .WithTimeout(TimeSpan.FromSeconds(5));

    private static void AssertOnlySecretHeadersCarryTheSecret(ReceivedRequest request)
    {
        var carriers = request.Headers
            .Where(h => h.Key.Contains(CanaryCore, StringComparison.Ordinal) || h.Value.Contains(CanaryCore, StringComparison.Ordinal))
            .Select(h => h.Key.ToLowerInvariant())
            .Order(StringComparer.Ordinal);
        Assert.Equal(["authorization", "x-telemetryflow-key-secret"], carriers);
        Assert.Equal($"Bearer {KeyId}:{Secret}", request.Header("Authorization"));
        Assert.Equal(Secret, request.Header("X-TelemetryFlow-Key-Secret"));
    }

    private static string Describe(TelemetryFlowStatus status) => string.Join(
        Environment.NewLine,
        new[] { status.Traces, status.Metrics, status.Logs }
            .Select(s => $"{s} reason={s.LastFailureReason} dropped={string.Join(",", s.DroppedByReason.Select(d => $"{d.Key}:{d.Value}"))}")
            .Prepend(status.ToString()));

    private static string Describe(TelemetryFlowHealth health) =>
        string.Join(Environment.NewLine, health.Components.Select(c => c.ToString()).Prepend(health.ToString()));
}
