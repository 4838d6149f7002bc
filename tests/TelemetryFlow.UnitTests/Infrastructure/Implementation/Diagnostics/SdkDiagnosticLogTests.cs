using Microsoft.Extensions.Logging;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Logging;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Diagnostics;

/// <summary>Which domain events become which log lines, and how repeats are held back.</summary>
public sealed class SdkDiagnosticLogTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly CapturingLoggerProvider _capture = new();
    private readonly ILoggerFactory _factory;
    private readonly SdkDiagnosticLog _log;

    public SdkDiagnosticLogTests()
    {
        _factory = LoggerFactory.Create(b => b.AddProvider(_capture).SetMinimumLevel(LogLevel.Trace));
        _log = new SdkDiagnosticLog(TestConfigs.ValidBuilder().WithEndpoint("https://collector.example:4317").Build(), _factory);
    }

    [Fact]
    public void Write_DropsOfOneReason_WarnOnceThenDebugUntilTheIntervalPassed()
    {
        _log.Write(new TelemetryDropped(Start, SignalType.Logs, "queue-full", 10));
        _log.Write(new TelemetryDropped(Start.AddMinutes(1), SignalType.Logs, "queue-full", 20));
        _log.Write(new TelemetryDropped(Start.AddMinutes(1), SignalType.Traces, "queue-full", 5));
        _log.Write(new TelemetryDropped(Start + SdkDiagnosticLog.DropWarningInterval, SignalType.Logs, "queue-full", 30));

        Assert.Equal(
            [LogLevel.Warning, LogLevel.Debug, LogLevel.Warning, LogLevel.Warning],
            _capture.Of(SdkDiagnosticLog.Category).Select(l => l.Level));
    }

    [Theory]
    [InlineData("export-failed")]
    [InlineData("export-rejected")]
    [InlineData("circuit-open")]
    public void Write_DropsAFailingExportExplains_AreDebugOnly(string reason)
    {
        _log.Write(new TelemetryDropped(Start, SignalType.Traces, reason, 3));

        Assert.Equal(LogLevel.Debug, Assert.Single(_capture.Logs).Level);
    }

    [Fact]
    public void Write_ExportFailed_WarnsNamingTheEndpoint()
    {
        _log.Write(new ExportFailed(Start, SignalType.Metrics, "HTTP 503 Service Unavailable", 4));

        var warning = Assert.Single(_capture.Logs);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("TelemetryFlow cannot export metrics to https://collector.example:4317/", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestConfigs.KeySecret, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_EndpointWithUserInfoAndQuery_KeepsOnlySchemeHostPortAndPath()
    {
        // The configuration refuses such endpoints; the log line would not show them either.
        Assert.Equal("https://collector.example:4317/v1/logs", SdkDiagnosticLog.Describe(new Uri("https://user:pw@collector.example:4317/v1/logs?token=abc")));
    }

    [Fact]
    public void Write_LoggerThrows_NeverEscapes()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(new ThrowingProvider()));
        var log = new SdkDiagnosticLog(TestConfigs.ValidBuilder().Build(), factory);

        log.Write(new ExportFailed(Start, SignalType.Logs, "HTTP 500", 1));
    }

    [Fact]
    public void LoggerBridge_SdkCategory_IsNeverExported()
    {
        using var bridge = new TelemetryFlowLoggerProvider(() => throw new InvalidOperationException("the bridge must not reach the pipeline"));

        var logger = bridge.CreateLogger(SdkDiagnosticLog.Category);

        Assert.False(logger.IsEnabled(LogLevel.Critical));
        logger.LogWarning("TelemetryFlow cannot export logs");
    }

    public void Dispose()
    {
        _factory.Dispose();
        _capture.Dispose();
    }

    private sealed class ThrowingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Throwing();

        public void Dispose()
        {
        }

        private sealed class Throwing : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                throw new InvalidOperationException("logging provider bug");
        }
    }
}
