using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = TestTime.Clock();
    private readonly RecordingEventSink _events = new();
    private readonly CircuitBreaker _breaker;

    public CircuitBreakerTests() => _breaker = new CircuitBreaker(SignalType.Logs, new CircuitBreakerSettings(enabled: true, failureThreshold: 5, CoolDown), _time, _events);

    [Fact]
    public void New_IsClosedAndAdmitsEveryCall()
    {
        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.True(_breaker.TryAcquire());
        Assert.True(_breaker.TryAcquire());
        Assert.Null(_breaker.OpenUntil);
    }

    [Fact]
    public void RecordFailure_BelowTheThreshold_StaysClosed()
    {
        Fail(4);

        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.True(_breaker.TryAcquire());
        Assert.Empty(_events.Events);
    }

    [Fact]
    public void RecordFailure_AtTheThreshold_OpensRaisesOpenedOnceAndFailsFast()
    {
        Fail(5);

        Assert.Equal(CircuitState.Open, _breaker.State);
        Assert.Equal(TestTime.Epoch + CoolDown, _breaker.OpenUntil);
        Assert.False(_breaker.TryAcquire());
        Assert.Equal(new CircuitBreakerOpened(TestTime.Epoch, SignalType.Logs, CoolDown), Assert.Single(_events.Events));
    }

    [Fact]
    public void RecordSuccess_BetweenFailures_RestartsTheCount()
    {
        Fail(4);
        _breaker.RecordSuccess();
        Fail(4);

        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.Empty(_events.Events);
    }

    [Fact]
    public void Open_JustBeforeTheCoolDownEnds_StillFailsFast()
    {
        Fail(5);
        _time.Advance(CoolDown - TimeSpan.FromTicks(1));

        Assert.Equal(CircuitState.Open, _breaker.State);
        Assert.False(_breaker.TryAcquire());
    }

    [Fact]
    public void Open_AfterTheCoolDown_IsHalfOpenAndAdmitsExactlyOneProbe()
    {
        Fail(5);
        _time.Advance(CoolDown);

        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
        Assert.True(_breaker.TryAcquire());
        Assert.False(_breaker.TryAcquire());
        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
    }

    [Fact]
    public void HalfOpen_ProbeSucceeds_ClosesAndRaisesClosed()
    {
        Fail(5);
        _time.Advance(CoolDown);
        Assert.True(_breaker.TryAcquire());

        _breaker.RecordSuccess();

        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.True(_breaker.TryAcquire());
        Assert.Equal(new CircuitBreakerClosed(TestTime.Epoch + CoolDown, SignalType.Logs), _events.Events[^1]);
        Assert.Equal(2, _events.Events.Count);
    }

    [Fact]
    public void HalfOpen_ProbeFails_ReopensForAnotherCoolDown()
    {
        Fail(5);
        _time.Advance(CoolDown);
        Assert.True(_breaker.TryAcquire());

        _breaker.RecordFailure();

        Assert.Equal(CircuitState.Open, _breaker.State);
        Assert.False(_breaker.TryAcquire());
        Assert.Equal(TestTime.Epoch + CoolDown + CoolDown, _breaker.OpenUntil);
        Assert.Equal([typeof(CircuitBreakerOpened), typeof(CircuitBreakerOpened)], _events.Events.Select(e => e.GetType()));

        _time.Advance(CoolDown);
        Assert.True(_breaker.TryAcquire());
    }

    [Fact]
    public void HalfOpen_ProbeAbandoned_AnotherProbeMayGo()
    {
        Fail(5);
        _time.Advance(CoolDown);
        Assert.True(_breaker.TryAcquire());

        _breaker.Abandon();

        Assert.True(_breaker.TryAcquire());
    }

    [Fact]
    public void Open_LateFailureOfACallAdmittedEarlier_DoesNotExtendTheCoolDown()
    {
        Fail(5);
        _time.Advance(TimeSpan.FromSeconds(10));

        _breaker.RecordFailure();

        Assert.Equal(TestTime.Epoch + CoolDown, _breaker.OpenUntil);
        Assert.Single(_events.Events);
    }

    [Fact]
    public void ThresholdOfOne_FirstFailureOpens()
    {
        var breaker = new CircuitBreaker(SignalType.Traces, new CircuitBreakerSettings(enabled: true, failureThreshold: 1, CoolDown), _time);

        breaker.RecordFailure();

        Assert.Equal(CircuitState.Open, breaker.State);
    }

    private void Fail(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.True(_breaker.TryAcquire());
            _breaker.RecordFailure();
        }
    }
}
