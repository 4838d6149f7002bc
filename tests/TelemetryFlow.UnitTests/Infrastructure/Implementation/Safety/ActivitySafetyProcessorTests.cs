using System.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Safety;

public sealed class ActivitySafetyProcessorTests : IDisposable
{
    private readonly SampledActivitySource _source = SampledActivitySource.Create();
    private readonly ActivitySource _ownSource = new(TelemetryPipeline.InstrumentationName);
    private readonly SafetyStatistics _statistics = new();
    private readonly ActivitySafetyProcessor _processor;

    public ActivitySafetyProcessorTests()
    {
        var sanitizer = new TelemetrySanitizer(TelemetryLimits.Default, new PiiRedactionSettings([]));

        // The test's sampled source plays the application's trace source, so its exception events are covered too.
        _processor = new ActivitySafetyProcessor([_ownSource], [_source.Source.Name], sanitizer, _statistics);
    }

    [Fact]
    public void OnEnd_StringAttributesWithPii_AreRedactedInPlace()
    {
        var span = _source.Start();
        span.SetTag("url.path", "/hello/jane@example.com").SetTag("customer.ssn", "123-45-6789").SetTag("route", "/hello/{name}").SetTag("count", 3);
        span.Stop();

        _processor.OnEnd(span);

        Assert.Equal(
            [new("url.path", "/hello/[EMAIL_REDACTED]"), new("customer.ssn", "[SSN_REDACTED]"), new("route", "/hello/{name}"), new KeyValuePair<string, object?>("count", 3)],
            span.TagObjects);
    }

    [Fact]
    public void OnEnd_KeysTooLongOrWithControlCharacters_AreDroppedAndCounted()
    {
        var span = _source.Start();
        span.SetTag("ok", 1).SetTag(new string('k', TelemetryLimits.DefaultAttributeKeyLength + 1), "long").SetTag("bad\r\nkey", "crlf")
            .SetTag(new string('k', TelemetryLimits.DefaultAttributeKeyLength), "longest allowed");
        span.Stop();

        _processor.OnEnd(span);

        Assert.Equal(["ok", new string('k', TelemetryLimits.DefaultAttributeKeyLength)], span.TagObjects.Select(t => t.Key));
        var status = _statistics.AddTo(TelemetryFlowStatusFactory.Empty());
        Assert.Equal((2, 0, 0), (status.Traces.RejectedAttributeKeys, status.Traces.DroppedAttributes, status.Logs.RejectedAttributeKeys));
    }

    [Fact]
    public void OnEnd_StatusDescriptionWithPii_IsRedacted()
    {
        var span = _source.Start();
        span.SetStatus(ActivityStatusCode.Error, "no account for jane@example.com");
        span.Stop();

        _processor.OnEnd(span);

        Assert.Equal((ActivityStatusCode.Error, "no account for [EMAIL_REDACTED]"), (span.Status, span.StatusDescription));
    }

    [Fact]
    public void AddException_MessageWithPii_EventCarriesTheRedactedMessageAndStackTrace()
    {
        var span = _source.Start();

        span.AddException(new InvalidOperationException("card 4111 1111 1111 1111 declined"));

        var tags = Assert.Single(span.Events).Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("card [CC_REDACTED] declined", tags["exception.message"]);
        Assert.StartsWith("System.InvalidOperationException: card [CC_REDACTED] declined", (string)tags["exception.stacktrace"]!, StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException).FullName, tags["exception.type"]);
        Assert.Equal(3, tags.Count);
    }

    [Fact]
    public void AddException_MessageWithoutPii_KeepsTheDefaultTags()
    {
        var span = _source.Start();

        span.AddException(new InvalidOperationException("timeout"));

        Assert.Equal("timeout", Assert.Single(span.Events).Tags.Single(t => t.Key == "exception.message").Value);
    }

    [Fact]
    public void OnEnd_AnotherClientsSpan_IsLeftAlone()
    {
        // Same source name as the processor's own source, another instance: another client's span.
        using var otherClient = SampledActivitySource.Listen(new ActivitySource(TelemetryPipeline.InstrumentationName));
        var span = otherClient.Start();
        span.SetTag("user.email", "jane@example.com");
        span.Stop();

        _processor.OnEnd(span);

        Assert.Equal("jane@example.com", span.GetTagItem("user.email"));
        otherClient.Source.Dispose();
    }

    [Fact]
    public void OnEnd_SpanWithNothingToChange_AllocatesNothing()
    {
        var span = _source.Start();
        span.SetTag("http.route", "/orders/{id}").SetTag("http.response.status_code", 200).SetTag("order.id", "1234");
        span.Stop();
        _processor.OnEnd(span);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _processor.OnEnd(span);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    public void Dispose()
    {
        _processor.Dispose();
        _ownSource.Dispose();
        _source.Dispose();
    }
}
