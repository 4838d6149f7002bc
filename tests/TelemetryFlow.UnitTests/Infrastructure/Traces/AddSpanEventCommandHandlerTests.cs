using TelemetryFlow.Application.Traces;
using TelemetryFlow.Infrastructure.Traces;
using TelemetryFlow.UnitTests.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.UnitTests.Infrastructure.Traces;

public sealed class AddSpanEventCommandHandlerTests : IDisposable
{
    private readonly TestRuntime _runtime = TestRuntimes.Create();
    private readonly SampledActivitySource _sampled;
    private readonly SpanCommandHandler _handler;

    public AddSpanEventCommandHandlerTests()
    {
        _sampled = SampledActivitySource.Listen(_runtime.ActivitySource);
        _handler = new SpanCommandHandler(_runtime.Pipeline);
    }

    [Fact]
    public async Task Handle_UnknownSpanId_ReturnsFalse() =>
        Assert.False(await _handler.Handle(new AddSpanEventCommand("00f067aa0ba902b7", "retry", null), default));

    [Fact]
    public async Task Handle_TrackedSpan_AddsTheEventWithItsAttributes()
    {
        var activity = _sampled.Start();
        _runtime.Spans.Track(activity);

        var added = await _handler.Handle(new AddSpanEventCommand(activity.SpanId.ToHexString(), "retry", [new("attempt", 2)]), default);

        Assert.True(added);
        var recorded = Assert.Single(activity.Events);
        Assert.Equal("retry", recorded.Name);
        Assert.Equal([new KeyValuePair<string, object?>("attempt", 2)], recorded.Tags);
        activity.Stop();
    }

    [Fact]
    public async Task Handle_KeysTooLongOrWithControlCharacters_AreDroppedAndCounted()
    {
        var activity = _sampled.Start();
        _runtime.Spans.Track(activity);

        await _handler.Handle(new AddSpanEventCommand(activity.SpanId.ToHexString(), "retry", [new("attempt", 2), new(new string('k', 257), 1), new("a\rb", 1)]), default);

        Assert.Equal([new KeyValuePair<string, object?>("attempt", 2)], Assert.Single(activity.Events).Tags);
        Assert.Equal(2, _runtime.Safety.AddTo(TelemetryFlowStatusFactory.Empty()).Traces.RejectedAttributeKeys);
        activity.Stop();
    }

    [Fact]
    public async Task Handle_SpanAlreadyEnded_ReturnsFalse()
    {
        var activity = _sampled.Start();
        _runtime.Spans.Track(activity);
        _runtime.Spans.EndById(activity.SpanId.ToHexString(), exception: null);

        Assert.False(await _handler.Handle(new AddSpanEventCommand(activity.SpanId.ToHexString(), "late", null), default));
        Assert.Empty(activity.Events);
    }

    public void Dispose()
    {
        _sampled.Dispose();
        _runtime.Dispose();
    }
}
