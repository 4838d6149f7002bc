using Microsoft.Extensions.Logging;
using TelemetryFlow.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Safety;

public sealed class LogRecordSafetyProcessorTests : IDisposable
{
    private readonly SafetyStatistics _statistics = new();
    private readonly CapturedLogs _logs;

    public LogRecordSafetyProcessorTests() =>
        _logs = new CapturedLogs(new TelemetrySanitizer(TelemetryLimits.Default, new PiiRedactionSettings([])), _statistics);

    [Fact]
    public void OnEnd_StructuredLogWithPii_RedactsAttributesFormattedMessageAndBody()
    {
        _logs.Logger.LogWarning("Refund for {Email} to card {Card}", "john@example.org", "5555-5555-5555-4444");

        var log = _logs.Single();
        Assert.Equal("Refund for [EMAIL_REDACTED] to card [CC_REDACTED]", log.FormattedMessage);
        Assert.Equal("[EMAIL_REDACTED]", log.Attribute("Email"));
        Assert.Equal("[CC_REDACTED]", log.Attribute("Card"));
        Assert.Equal("Refund for {Email} to card {Card}", log.Body);
    }

    [Fact]
    public void OnEnd_InterpolatedMessageWithPii_RedactsTheTemplateToo()
    {
#pragma warning disable CA2254 // An interpolated message puts the PII into the template: that is the case under test.
        _logs.Logger.LogInformation($"user {"jane@example.com"} signed in");
#pragma warning restore CA2254

        var log = _logs.Single();
        Assert.Equal("user [EMAIL_REDACTED] signed in", log.FormattedMessage);
        Assert.Equal("user [EMAIL_REDACTED] signed in", log.Body);
        Assert.Equal("user [EMAIL_REDACTED] signed in", log.Attribute("{OriginalFormat}"));
    }

    [Fact]
    public void OnEnd_KeysTooLongOrWithControlCharacters_AreDroppedAndCounted()
    {
        var megabyteKey = new string('k', 1024 * 1024);
        var state = new List<KeyValuePair<string, object?>> { new("order.id", "1234"), new(megabyteKey, "x"), new("line\nbreak", 1), new("amount", "jane@example.com") };

        _logs.Logger.Log(LogLevel.Information, default, state, null, (_, _) => "order placed");

        var log = _logs.Single();
        Assert.Equal([new("order.id", "1234"), new("amount", "[EMAIL_REDACTED]")], log.Attributes);
        Assert.Equal(4, state.Count);
        var status = _statistics.AddTo(TelemetryFlowStatusFactory.Empty());
        Assert.Equal((2, 0), (status.Logs.RejectedAttributeKeys, status.Logs.DroppedAttributes));
    }

    [Fact]
    public void OnEnd_LogWithoutPii_KeepsTheCallersAttributeList()
    {
        var state = new List<KeyValuePair<string, object?>> { new("order.id", "1234"), new("amount", 42.5) };

        _logs.Logger.Log(LogLevel.Information, default, state, null, (_, _) => "order placed");

        var log = _logs.Single();
        Assert.Equal(state, log.Attributes);
        Assert.Equal("order placed", log.FormattedMessage);
    }

    [Fact]
    public void OnEnd_ExceptionMessageWithPii_IsReplacedByRedactedExceptionAttributes()
    {
        _logs.Logger.LogError(new InvalidOperationException("no account for jane@example.com"), "Lookup {Id} failed", 7);

        var log = _logs.Single();
        Assert.Null(log.Exception);
        Assert.Equal("InvalidOperationException", log.Attribute("exception.type"));
        Assert.Equal("no account for [EMAIL_REDACTED]", log.Attribute("exception.message"));
        Assert.Equal("System.InvalidOperationException: no account for [EMAIL_REDACTED]", log.Attribute("exception.stacktrace"));
        Assert.Equal(7, log.Attribute("Id"));
    }

    [Fact]
    public void OnEnd_ExceptionWithoutPii_IsLeftForTheExporter()
    {
        var error = new InvalidOperationException("timeout");

        _logs.Logger.LogError(error, "Lookup failed");

        var log = _logs.Single();
        Assert.Same(error, log.Exception);
        Assert.Null(log.Attribute("exception.message"));
    }

    public void Dispose() => _logs.Dispose();
}
