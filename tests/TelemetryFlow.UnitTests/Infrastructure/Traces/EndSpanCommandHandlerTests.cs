using System.Diagnostics;
using TelemetryFlow.Application.Traces;
using TelemetryFlow.Infrastructure.Traces;

namespace TelemetryFlow.UnitTests.Infrastructure.Traces;

public sealed class EndSpanCommandHandlerTests : IDisposable
{
    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly SampledActivitySource _sampled;
    private readonly SpanCommandHandler _handler;

    public EndSpanCommandHandlerTests()
    {
        _sampled = SampledActivitySource.Listen(_runtime.ActivitySource);
        _handler = new SpanCommandHandler(_runtime.Pipeline);
    }

    [Fact]
    public async Task Handle_UnknownSpanId_ReturnsFalse() =>
        Assert.False(await _handler.Handle(new EndSpanCommand("00f067aa0ba902b7", null), default));

    [Fact]
    public async Task Handle_TrackedSpan_EndsItOnce()
    {
        var activity = _sampled.Start();
        _runtime.Spans.Track(activity);
        var spanId = activity.SpanId.ToHexString();

        Assert.True(await _handler.Handle(new EndSpanCommand(spanId, null), default));
        Assert.False(await _handler.Handle(new EndSpanCommand(spanId, null), default));

        Assert.True(activity.IsStopped);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Equal(0, _runtime.Spans.OpenCount);
    }

    [Fact]
    public async Task Handle_WithException_MarksTheSpanAsFailed()
    {
        var activity = _sampled.Start();
        _runtime.Spans.Track(activity);

        await _handler.Handle(new EndSpanCommand(activity.SpanId.ToHexString(), new InvalidOperationException("declined")), default);

        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal("declined", activity.StatusDescription);
        Assert.Equal("exception", Assert.Single(activity.Events).Name);
    }

    public void Dispose()
    {
        _sampled.Dispose();
        _runtime.Dispose();
    }
}
