using System.Net;
using TelemetryFlow.Infrastructure.Implementation.Delivery;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class RequestBudgetTests
{
    private readonly FakeTimeProvider _time = TestTime.Clock();

    [Fact]
    public void TryTake_NoBudgetAndNoFigures_NeverHolds()
    {
        var budget = new RequestBudget(perMinute: 0, _time);

        Assert.All(Enumerable.Range(0, 1000), _ => Assert.Equal(TimeSpan.Zero, budget.TryTake()));
        Assert.Equal(0, budget.Holds);
        Assert.Null(budget.Limit);
    }

    [Fact]
    public void TryTake_ConfiguredBudget_HoldsUntilTheMinuteEndsThenAllowsAgain()
    {
        var budget = new RequestBudget(perMinute: 3, _time);

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero], new[] { budget.TryTake(), budget.TryTake(), budget.TryTake() });
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(40), budget.TryTake());
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(TimeSpan.Zero, budget.TryTake());
    }

    [Fact]
    public void Observe_BackendFigures_WinOverTheConfiguredBudget()
    {
        // The backend counts every instance that shares the key: 2 left of 100 for the next 30 s.
        var budget = new RequestBudget(perMinute: 90, _time);
        budget.TryTake();

        budget.Observe(Answer(HttpStatusCode.OK, limit: "100", remaining: "2", reset: (TestTime.Epoch + TimeSpan.FromSeconds(30)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(100, budget.Limit);
        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(30)], new[] { budget.TryTake(), budget.TryTake(), budget.TryTake() });
    }

    [Theory]
    [InlineData("1733400000000")] // milliseconds, not seconds
    [InlineData("99999999999999999")]
    public void Observe_ResetThatMakesNoSense_IsIgnoredAndNeverThrows(string reset)
    {
        var budget = new RequestBudget(perMinute: 0, _time);

        budget.Observe(Answer(HttpStatusCode.OK, limit: "100", remaining: "5", reset: reset));

        Assert.Equal(TimeSpan.Zero, budget.TryTake());
    }

    [Fact]
    public void Observe_ResetInSecondsFromNow_IsReadAsADelay()
    {
        var budget = new RequestBudget(perMinute: 0, _time);

        budget.Observe(Answer(HttpStatusCode.OK, limit: "100", remaining: "0", reset: "12"));

        Assert.Equal(TimeSpan.FromSeconds(12), budget.TryTake());
    }

    [Fact]
    public void Observe_429WithRetryAfterLongerThanAnyTimeout_HoldsForAllOfIt()
    {
        var budget = new RequestBudget(perMinute: 0, _time);
        var answer = Answer(HttpStatusCode.TooManyRequests, limit: "100", remaining: "0", reset: null);
        answer.Headers.TryAddWithoutValidation("Retry-After", "45");

        Assert.True(budget.Observe(answer));
        Assert.Equal(TimeSpan.FromSeconds(45), budget.TryTake());
        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal(TimeSpan.Zero, budget.TryTake());
    }

    [Fact]
    public void Observe_RetryAfterOfADay_IsCappedAtTheLongestHold()
    {
        var budget = new RequestBudget(perMinute: 0, _time);
        var answer = Answer(HttpStatusCode.TooManyRequests, limit: null, remaining: null, reset: null);
        answer.Headers.TryAddWithoutValidation("Retry-After", "86400");

        budget.Observe(answer);

        Assert.Equal(RequestBudget.LongestHold, budget.TryTake());
    }

    [Theory]
    [InlineData("8", "grpc-retry-pushback-ms", true)]
    [InlineData("8", "grpc-retry-pushback-ms:0", true)] // the window ends now: a hint of 0 is still the rate limit
    [InlineData("8", null, false)] // RESOURCE_EXHAUSTED without a hint is the size limit, not the rate limit
    [InlineData("14", "grpc-retry-pushback-ms", false)]
    public void Observe_Grpc_IsRateLimitedOnlyForResourceExhaustedWithAHint(string status, string? hint, bool expected)
    {
        var budget = new RequestBudget(perMinute: 0, _time);
        var answer = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        answer.Content.Headers.ContentType = new("application/grpc");
        answer.Headers.TryAddWithoutValidation("grpc-status", status);
        var delay = hint?.EndsWith(":0", StringComparison.Ordinal) == true ? 0 : 5000;
        if (hint is not null)
        {
            answer.Headers.TryAddWithoutValidation(hint.Split(':')[0], delay.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(expected, budget.Observe(answer));
        Assert.Equal(expected ? TimeSpan.FromMilliseconds(Math.Max(1, delay)) : TimeSpan.Zero, budget.TryTake());
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string? limit, string? remaining, string? reset)
    {
        var answer = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        foreach (var (name, value) in new[] { ("X-RateLimit-Limit", limit), ("X-RateLimit-Remaining", remaining), ("X-RateLimit-Reset", reset) })
        {
            if (value is not null)
            {
                answer.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return answer;
    }
}
