using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Infrastructure.Implementation.Logging;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>PII redaction, checked on what the receiver decoded: the original values never reach the wire.</summary>
[Collection(SafetyScenarios.Name)]
public sealed class RedactionWireTests
{
    private static readonly string[] RawPii =
    [
        "jane@example.com", "4111 1111 1111 1111", "+44 20 7946 0958", "ORD-2024-000123", "john@example.org",
        "123-45-6789", "555-123-4567", "5555-5555-5555-4444",
    ];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Redaction_On_ReceiverSeesPlaceholdersInLogsSpansAndExceptionEvents(Transport transport)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestClients.Builder(receiver, transport)
            .WithPiiRedaction(new RedactionPattern("order", @"ORD-\d{4}-\d{6}", "[ORDER_REDACTED]"));
        await using (var client = TestClients.Start(builder))
        {
            client.LogInfo("customer jane@example.com paid with 4111 1111 1111 1111", [new("contact", "+44 20 7946 0958"), new("order", "ORD-2024-000123")]);
            using (var bridge = new TelemetryFlowLoggerProvider(() => client.Pipeline))
            {
                bridge.CreateLogger("Checkout").LogWarning(new InvalidOperationException("card 5555-5555-5555-4444 expired"), "Refund for {Email}", "john@example.org");
            }

            using (client.Span("lookup", attributes: [new("customer.ssn", "123-45-6789")]))
            {
                Activity.Current!.SetTag("note", "call 555-123-4567");
            }

            var charge = client.StartSpan("charge");
            client.EndSpan(charge.SpanId, new InvalidOperationException("card 5555-5555-5555-4444 declined for jane@example.com"));
            Assert.True(await client.ShutdownAsync());
        }

        var logs = await receiver.WaitForLogsAsync(2);
        var spans = await receiver.WaitForSpansAsync(2);

        var clientLog = Assert.Single(logs, l => l.BodyText!.StartsWith("customer", StringComparison.Ordinal));
        Assert.Equal("customer [EMAIL_REDACTED] paid with [CC_REDACTED]", clientLog.BodyText);
        Assert.Equal("[PHONE_REDACTED]", clientLog.Attributes["contact"]);
        Assert.Equal("[ORDER_REDACTED]", clientLog.Attributes["order"]);

        var bridgeLog = Assert.Single(logs, l => l.BodyText!.StartsWith("Refund", StringComparison.Ordinal));
        Assert.Equal("Refund for [EMAIL_REDACTED]", bridgeLog.BodyText);
        Assert.Equal("[EMAIL_REDACTED]", bridgeLog.Attributes["Email"]);
        Assert.Equal("InvalidOperationException", bridgeLog.Attributes["exception.type"]);
        Assert.Equal("card [CC_REDACTED] expired", bridgeLog.Attributes["exception.message"]);
        Assert.StartsWith("System.InvalidOperationException: card [CC_REDACTED] expired", (string)bridgeLog.Attributes["exception.stacktrace"]!, StringComparison.Ordinal);

        var lookup = Assert.Single(spans, s => s.Name == "lookup");
        Assert.Equal("[SSN_REDACTED]", lookup.Attributes["customer.ssn"]);
        Assert.Equal("call [PHONE_REDACTED]", lookup.Attributes["note"]);

        var failed = Assert.Single(spans, s => s.Name == "charge");
        Assert.Equal("card [CC_REDACTED] declined for [EMAIL_REDACTED]", failed.StatusMessage);
        Assert.Equal("card [CC_REDACTED] declined for [EMAIL_REDACTED]", failed.EventAttributes("exception")!["exception.message"]);

        var wire = WireText.Of(receiver);
        Assert.All(RawPii, pii => Assert.DoesNotContain(pii, wire, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redaction_Off_ValuesArriveUnchanged()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)))
        {
            client.LogInfo("customer jane@example.com", [new("customer.ssn", "123-45-6789")]);
            Assert.True(await client.ShutdownAsync());
        }

        var log = Assert.Single(await receiver.WaitForLogsAsync(1));
        Assert.Equal("customer jane@example.com", log.BodyText);
        Assert.Equal("123-45-6789", log.Attributes["customer.ssn"]);
    }

    public static TheoryData<Transport> Transports => new() { Transport.Grpc, Transport.HttpV1 };
}
