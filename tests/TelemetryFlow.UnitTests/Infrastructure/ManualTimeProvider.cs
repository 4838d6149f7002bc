namespace TelemetryFlow.UnitTests.Infrastructure;

/// <summary>A clock that only moves when a test advances it, so timestamps are exact and nothing sleeps.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    public static DateTimeOffset Epoch { get; } = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
