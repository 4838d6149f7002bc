namespace TelemetryFlow.UnitTests.Infrastructure;

/// <summary>Fake clocks for unit tests: time moves only when a test advances it, so timestamps are exact and nothing sleeps.</summary>
internal static class TestTime
{
    /// <summary>Where every <see cref="Clock"/> starts.</summary>
    public static DateTimeOffset Epoch { get; } = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A new clock at <see cref="Epoch"/>.</summary>
    public static FakeTimeProvider Clock() => new(Epoch);
}
