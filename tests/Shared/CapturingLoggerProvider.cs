using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TelemetryFlow.Tests.Shared;

/// <summary>One log line as a logger received it.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message);

/// <summary>An <see cref="ILoggerProvider"/> that keeps every line written through it, for tests of what the SDK logs.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();

    /// <summary>Every line so far, in the order written.</summary>
    public IReadOnlyList<CapturedLog> Logs => [.. _logs];

    /// <summary>The lines of one category at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<CapturedLog> Of(string category, LogLevel level = LogLevel.Trace) =>
        [.. _logs.Where(l => l.Category == category && l.Level >= level)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _logs);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception)));
    }
}
