using TelemetryFlow.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Safety;

public sealed class TelemetrySanitizerKeyTests
{
    private readonly TelemetrySanitizer _sanitizer = new(TelemetryLimits.Default, null);

    [Fact]
    public void AcceptsKey_SameKeyRepeatedly_AcceptedEveryTime()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True(_sanitizer.AcceptsKey("order.id"));
        }
    }

    [Fact]
    public void AcceptsKey_BadKeyRepeatedly_RejectedEveryTime()
    {
        var tooLong = new string('k', TelemetryLimits.Default.AttributeKeyLength + 1);
        for (var i = 0; i < 3; i++)
        {
            Assert.False(_sanitizer.AcceptsKey("order\nid"));
            Assert.False(_sanitizer.AcceptsKey(tooLong));
        }
    }

    [Fact]
    public void AcceptsKey_ManyKeysBuiltAtRunTime_EachJudgedOnItsOwn()
    {
        // More keys than the cache has slots, good and bad interleaved, each a new instance: a cached verdict for one
        // key must never answer for another.
        var keys = Enumerable.Range(0, 500).Select(i => i % 3 == 0 ? $"key\t{i}" : $"key.{i}").ToList();

        for (var round = 0; round < 2; round++)
        {
            foreach (var key in keys)
            {
                Assert.Equal(!key.Contains('\t'), _sanitizer.AcceptsKey(key));
            }
        }
    }
}
