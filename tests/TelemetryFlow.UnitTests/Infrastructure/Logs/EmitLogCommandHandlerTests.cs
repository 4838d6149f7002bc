using Microsoft.Extensions.Logging;
using TelemetryFlow.Application.Logs;
using TelemetryFlow.Infrastructure.Logs;

namespace TelemetryFlow.UnitTests.Infrastructure.Logs;

public sealed class EmitLogCommandHandlerTests
{
    [Theory]
    [InlineData(SeverityLevel.Trace, LogLevel.Trace)]
    [InlineData(SeverityLevel.Debug, LogLevel.Debug)]
    [InlineData(SeverityLevel.Info, LogLevel.Information)]
    [InlineData(SeverityLevel.Warn, LogLevel.Warning)]
    [InlineData(SeverityLevel.Error, LogLevel.Error)]
    [InlineData(SeverityLevel.Fatal, LogLevel.Critical)]
    public void ToLogLevel_Severity_MapsToTheLogLevel(SeverityLevel severity, LogLevel expected) =>
        Assert.Equal(expected, EmitLogCommandHandler.ToLogLevel(severity));

    [Fact]
    public void ToLogLevel_EverySeverity_MapsToADistinctLevel() =>
        Assert.Equal(Enum.GetValues<SeverityLevel>().Length, Enum.GetValues<SeverityLevel>().Select(EmitLogCommandHandler.ToLogLevel).Distinct().Count());

    [Fact]
    public async Task Handle_RuntimeNotStarted_WritesNothingAndCountsNothing()
    {
        using var runtime = TestRuntimes.Create();
        var command = new EmitLogCommand("hello", SeverityLevel.Fatal, [new("a", 1)], new InvalidOperationException("boom"));

        await new EmitLogCommandHandler(runtime.Pipeline).Handle(command, default);

        Assert.Equal(0, runtime.Logs.Snapshot(enabled: true).Recorded);
    }
}
