using System.Diagnostics;
using TelemetryFlow.Application.Traces;
using TelemetryFlow.UnitTests.Infrastructure;

namespace TelemetryFlow.UnitTests.Application.Common;

/// <remarks>
/// NSubstitute cannot proxy the internal <see cref="ISpanOwner"/> (TelemetryFlow.Application does not grant
/// DynamicProxyGenAssembly2 access), so <see cref="RecordingSpanOwner"/> is the double.
/// </remarks>
public sealed class SpanHandleTests : IDisposable
{
    private readonly SampledActivitySource _source = SampledActivitySource.Create();

    [Fact]
    public void Default_Empty_HasZeroIdsAndIsNotRecording()
    {
        var handle = default(SpanHandle);

        Assert.Equal(new string('0', 16), handle.SpanId);
        Assert.Equal(new string('0', 32), handle.TraceId);
        Assert.False(handle.IsRecording);
        Assert.Null(handle.Activity);
    }

    [Fact]
    public void Default_Empty_EveryMethodDoesNothing()
    {
        var handle = new SpanHandle(null, new RecordingSpanOwner());

        var returned = handle.SetAttribute("key", "value").AddEvent("event", [new("k", 1)]);
        handle.End(new InvalidOperationException("ignored"));
        handle.Dispose();

        Assert.Equal(handle, returned);
        Assert.False(returned.IsRecording);
    }

    [Fact]
    public void Handle_WithActivity_ExposesItsIdsAndIsRecording()
    {
        var activity = _source.Start();
        var handle = new SpanHandle(activity, new RecordingSpanOwner());

        Assert.Equal(activity.SpanId.ToHexString(), handle.SpanId);
        Assert.Equal(activity.TraceId.ToHexString(), handle.TraceId);
        Assert.True(handle.IsRecording);
        Assert.Same(activity, handle.Activity);

        activity.Stop();
        Assert.False(handle.IsRecording);
    }

    [Fact]
    public void SetAttributeAndAddEvent_WithActivity_WriteToTheActivity()
    {
        var activity = _source.Start();
        var handle = new SpanHandle(activity, new RecordingSpanOwner());

        handle.SetAttribute("order.id", 42).AddEvent("paid", [new("amount", 9.5)]);

        Assert.Equal(42, activity.GetTagItem("order.id"));
        var paid = Assert.Single(activity.Events);
        Assert.Equal("paid", paid.Name);
        Assert.Equal(9.5, paid.Tags.Single(t => t.Key == "amount").Value);
        activity.Stop();
    }

    [Fact]
    public void Dispose_WithActivity_EndsThroughTheOwnerWithoutException()
    {
        var activity = _source.Start();
        var owner = new RecordingSpanOwner();

        new SpanHandle(activity, owner).Dispose();

        Assert.Equal([(activity, (Exception?)null)], owner.Ended);
        activity.Stop();
    }

    [Fact]
    public void End_WithException_PassesTheExceptionToTheOwner()
    {
        var activity = _source.Start();
        var owner = new RecordingSpanOwner();
        var failure = new TimeoutException("slow");

        new SpanHandle(activity, owner).End(failure);

        var (ended, exception) = Assert.Single(owner.Ended);
        Assert.Same(activity, ended);
        Assert.Same(failure, exception);
        activity.Stop();
    }

    [Fact]
    public void Equality_ComparesTheActivity()
    {
        var first = _source.Start("first");
        var second = _source.Start("second");
        var owner = new RecordingSpanOwner();

        Assert.True(new SpanHandle(first, owner) == new SpanHandle(first, null));
        Assert.True(new SpanHandle(first, owner) != new SpanHandle(second, owner));
        Assert.True(new SpanHandle(first, owner).Equals((object)new SpanHandle(first, owner)));
        Assert.Equal(new SpanHandle(first, owner).GetHashCode(), new SpanHandle(first, null).GetHashCode());
        Assert.Equal(default(SpanHandle), new SpanHandle(null, owner));
        Assert.NotEqual(default(SpanHandle), new SpanHandle(first, owner));
        second.Stop();
        first.Stop();
    }

    public void Dispose() => _source.Dispose();

    private sealed class RecordingSpanOwner : ISpanOwner
    {
        public List<(Activity Activity, Exception? Exception)> Ended { get; } = [];

        public void End(Activity activity, Exception? exception) => Ended.Add((activity, exception));
    }
}
