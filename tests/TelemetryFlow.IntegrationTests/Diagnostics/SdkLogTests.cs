using Microsoft.Extensions.Logging;
using TelemetryFlow.Application.Status;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Diagnostics;

/// <summary>
/// What a console app sees in its own logging when it passes a logger factory: one startup line, one warning per signal
/// when export starts failing, one line when it recovers. Driven by flushes and the receiver's state, never by waiting.
/// </summary>
public sealed class SdkLogTests
{
    private const string Category = "TelemetryFlow";

    [Theory]
    [MemberData(nameof(TestClients.AllTransports), MemberType = typeof(TestClients))]
    public async Task UnreachableEndpoint_LogsTheStartupLineAndOneWarningPerSignal_NamingTheHostAndTheHint(Transport transport)
    {
        using var refusing = RefusingEndpoint.Create();
        using var capture = new CapturingLoggerProvider();
        using var logging = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        await using var client = TestClients.Builder(refusing, transport)
            .WithTimeout(TimeSpan.FromSeconds(2))
            .WithRetry(enabled: false)
            .WithCircuitBreaker(enabled: false)
            .BuildClient(logging);
        client.Initialize();

        for (var round = 0; round < 3; round++)
        {
            using (client.Span("work"))
            {
                client.LogWarn("nobody is listening");
                client.IncrementCounter("rounds");
            }

            Assert.False(await client.FlushAsync());
        }

        var status = client.GetStatus();
        Assert.All([status.Traces, status.Metrics, status.Logs], s => Assert.Equal(3, s.ConsecutiveFailures));

        var started = Assert.Single(capture.Of(Category), l => l.EventId.Id == 1);
        Assert.Equal(LogLevel.Information, started.Level);
        Assert.Contains("integration-tests", started.Message, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{refusing.Port}", started.Message, StringComparison.Ordinal);
        Assert.Contains(transport == Transport.Grpc ? "Grpc" : "HttpProtobuf", started.Message, StringComparison.Ordinal);

        var warnings = capture.Of(Category, LogLevel.Warning);
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(2, w.EventId.Id));
        Assert.Equal(["logs", "metrics", "traces"], warnings.Select(w => w.Message.Split(' ')[3]).Order());
        Assert.All(warnings, w =>
        {
            Assert.Contains($"127.0.0.1:{refusing.Port}", w.Message, StringComparison.Ordinal);
            Assert.Contains("ConnectionRefused", w.Message, StringComparison.Ordinal);
            Assert.Contains(ExportFailureHints.ConnectionRefused, w.Message, StringComparison.Ordinal);
        });
        Assert.All(capture.Logs, l => Assert.DoesNotContain(TestClients.KeySecret, l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutageAndRecovery_LogsOneWarningThenOneRecoveryLine()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var capture = new CapturingLoggerProvider();
        using var logging = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        await using var client = TestClients.Builder(receiver, Transport.HttpV1)
            .WithLogsOnly()
            .WithRetry(enabled: false)
            .WithCircuitBreaker(enabled: false)
            .BuildClient(logging);
        client.Initialize();

        await receiver.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            client.LogInfo("during outage");
            await client.FlushAsync();
        }

        await receiver.RestartAsync();
        for (var i = 0; i < 2; i++)
        {
            client.LogInfo("after recovery");
            Assert.True(await client.FlushAsync());
        }

        var lines = capture.Of(Category, LogLevel.Information);
        Assert.Equal([1, 2, 3], lines.Select(l => l.EventId.Id));
        Assert.Equal(LogLevel.Warning, lines[1].Level);
        Assert.Contains("logs", lines[1].Message, StringComparison.Ordinal);
        Assert.Contains("recovered after 3 failed export(s)", lines[2].Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{receiver.HttpEndpoint.Port}", lines[2].Message, StringComparison.Ordinal);

        // The SDK's own lines went to the app's logging only, never into the export.
        Assert.DoesNotContain(receiver.Logs, l => l.BodyText?.Contains("TelemetryFlow", StringComparison.Ordinal) == true);
    }
}
