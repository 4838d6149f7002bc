using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Logging;

/// <summary>
/// Bridges the host's <c>ILogger</c> to a client's OpenTelemetry log pipeline, so application logs
/// are exported as OTLP log records with their category, structured state, event id, scopes and
/// the current Activity's trace context.
/// </summary>
/// <remarks>
/// The host creates logger providers before the SDK is initialized, so loggers resolve the
/// pipeline lazily: records written before initialization or after shutdown are dropped.
/// Scopes are forwarded to the pipeline's own logger (this provider is deliberately not
/// <see cref="ISupportExternalScope"/>), which tracks them for its records, but only when its records include scopes
/// (<c>IncludeLogScopes</c>, off by default): otherwise nothing reads them, and forwarding pushed one scope per request
/// (ASP.NET Core opens a request scope whenever a provider is enabled for its hosting category) onto an
/// <c>AsyncLocal</c>, a copy of the execution context each time.
/// </remarks>
[ProviderAlias("TelemetryFlow")]
internal sealed class TelemetryFlowLoggerProvider : ILoggerProvider
{
    private readonly Func<TelemetryPipeline?> _pipeline;
    private readonly ConcurrentDictionary<string, BridgeLogger> _loggers = new(StringComparer.Ordinal);

    public TelemetryFlowLoggerProvider(Func<TelemetryPipeline?> pipeline) => _pipeline = pipeline;

    // The SDK's own lines (SdkDiagnosticLog) are never exported: a warning that export fails must not queue for that export.
    public ILogger CreateLogger(string categoryName) => categoryName == SdkDiagnosticLog.Category
        ? NullLogger.Instance
        : _loggers.GetOrAdd(categoryName, static (name, provider) => new BridgeLogger(name, provider), this);

    public void Dispose() => _loggers.Clear();

    private ILoggerFactory? CurrentFactory => _pipeline()?.LoggerFactory;

    private sealed class BridgeLogger(string category, TelemetryFlowLoggerProvider provider) : ILogger
    {
        private (ILoggerFactory Factory, ILogger Logger)? _inner;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._pipeline() is { IncludesLogScopes: true } ? Inner?.BeginScope(state) : null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && Inner?.IsEnabled(logLevel) == true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Inner?.Log(logLevel, eventId, state, exception, formatter);

        private ILogger? Inner
        {
            get
            {
                var factory = provider.CurrentFactory;
                if (factory is null)
                {
                    return null;
                }

                var inner = _inner;
                if (inner is null || !ReferenceEquals(inner.Value.Factory, factory))
                {
                    inner = (factory, factory.CreateLogger(category));
                    _inner = inner;
                }

                return inner.Value.Logger;
            }
        }
    }
}
