using System.Diagnostics;

namespace TelemetryFlow;

/// <summary>
/// The TelemetryFlow client: records metrics, logs and spans and exports them over OTLP. Register
/// it as a singleton; every member is safe to call from many threads at once.
/// </summary>
/// <remarks>
/// Argument errors (a null or empty name, a negative counter increment, a non-finite value) throw
/// <see cref="ArgumentException"/> synchronously. Recording before <see cref="Initialize"/> or after
/// shutdown throws <see cref="NotInitializedException"/>. Export problems never reach the caller:
/// they show in <see cref="GetStatus"/> and <see cref="GetHealthAsync"/>.
/// </remarks>
public interface ITelemetryFlowClient : IDisposable, IAsyncDisposable
{
    /// <summary>The configuration this client was created with.</summary>
    TelemetryConfig Config { get; }

    /// <summary>Whether the client is initialized and not shut down.</summary>
    bool IsInitialized { get; }

    /// <summary>Starts the providers and exporters. Calling it again is harmless.</summary>
    /// <exception cref="TelemetryFlowException">Startup failed; the client then records nothing.</exception>
    void Initialize();

    /// <summary>Starts the providers and exporters. Calling it again is harmless.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the client is running.</returns>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Exports everything pending, then stops. Later recording calls throw <see cref="NotInitializedException"/>.</summary>
    /// <param name="timeout">How long flush and shutdown may take; default 5 s.</param>
    /// <param name="cancellationToken">Cancels the wait (shutdown continues in the background).</param>
    /// <returns><see langword="true"/> when everything was flushed in time.</returns>
    Task<bool> ShutdownAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Exports everything pending now.</summary>
    /// <param name="timeout">How long the flush may take; default 5 s.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns><see langword="true"/> when all signals flushed in time.</returns>
    Task<bool> FlushAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Adds to a monotonic counter. Allocation-free for up to 8 attributes.</summary>
    /// <remarks>
    /// The name follows OpenTelemetry's instrument name rule (an ASCII letter, then ASCII letters, digits, <c>_ . - /</c>,
    /// at most 255 characters); another name throws <see cref="ArgumentException"/>. A counter never wraps: an
    /// increment of 2^32 or more that would take the counter's total of such increments past 2^62 is refused whole,
    /// not clipped, and counted as <c>value-out-of-range</c> in <c>GetStatus().Metrics.DroppedByReason</c>. A new name
    /// beyond <see cref="TelemetryLimits.MaxMetricStreams"/> is dropped and counted as <c>metric-limit</c>.
    /// </remarks>
    /// <param name="name">The counter name.</param>
    /// <param name="value">The increment; never negative.</param>
    /// <param name="attributes">The measurement's attributes.</param>
    void IncrementCounter(string name, long value = 1, in TagList attributes = default);

    /// <summary>Adds to a monotonic counter.</summary>
    /// <remarks>
    /// The name follows OpenTelemetry's instrument name rule (an ASCII letter, then ASCII letters, digits, <c>_ . - /</c>,
    /// at most 255 characters); another name throws <see cref="ArgumentException"/>. A counter never wraps: an
    /// increment of 2^32 or more that would take the counter's total of such increments past 2^62 is refused whole,
    /// not clipped, and counted as <c>value-out-of-range</c> in <c>GetStatus().Metrics.DroppedByReason</c>. A new name
    /// beyond <see cref="TelemetryLimits.MaxMetricStreams"/> is dropped and counted as <c>metric-limit</c>.
    /// </remarks>
    /// <param name="name">The counter name.</param>
    /// <param name="value">The increment; never negative.</param>
    /// <param name="attributes">The measurement's attributes, for example a dictionary.</param>
    void IncrementCounter(string name, long value, IEnumerable<KeyValuePair<string, object?>>? attributes);

    /// <summary>Sets a gauge; the last value recorded per attribute set is exported.</summary>
    /// <param name="name">The gauge name.</param>
    /// <param name="value">The current value; finite.</param>
    /// <param name="attributes">The measurement's attributes.</param>
    void RecordGauge(string name, double value, in TagList attributes = default);

    /// <summary>Sets a gauge; the last value recorded per attribute set is exported.</summary>
    /// <param name="name">The gauge name.</param>
    /// <param name="value">The current value; finite.</param>
    /// <param name="attributes">The measurement's attributes.</param>
    void RecordGauge(string name, double value, IEnumerable<KeyValuePair<string, object?>>? attributes);

    /// <summary>Records a value into a histogram.</summary>
    /// <param name="name">The histogram name.</param>
    /// <param name="value">The value; finite.</param>
    /// <param name="unit">The UCUM unit, for example <c>ms</c>, at most 63 printable ASCII characters; or <see langword="null"/>.</param>
    /// <param name="attributes">The measurement's attributes.</param>
    void RecordHistogram(string name, double value, string? unit = null, in TagList attributes = default);

    /// <summary>Records a value into a histogram.</summary>
    /// <param name="name">The histogram name.</param>
    /// <param name="value">The value; finite.</param>
    /// <param name="unit">The UCUM unit, for example <c>ms</c>, at most 63 printable ASCII characters; or <see langword="null"/>.</param>
    /// <param name="attributes">The measurement's attributes.</param>
    void RecordHistogram(string name, double value, string? unit, IEnumerable<KeyValuePair<string, object?>>? attributes);

    /// <summary>Records a generic measurement, exported as a histogram (count, sum, min, max).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">The value; finite.</param>
    /// <param name="unit">The UCUM unit; or <see langword="null"/>.</param>
    /// <param name="attributes">The measurement's attributes.</param>
    void RecordMetric(string name, double value, string? unit = null, in TagList attributes = default);

    /// <summary>Records a generic measurement, exported as a histogram (count, sum, min, max).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">The value; finite.</param>
    /// <param name="unit">The UCUM unit; or <see langword="null"/>.</param>
    /// <param name="attributes">The measurement's attributes.</param>
    void RecordMetric(string name, double value, string? unit, IEnumerable<KeyValuePair<string, object?>>? attributes);

    /// <summary>Emits a log record. Inside a span it carries the span's trace and span ids.</summary>
    /// <param name="message">The body.</param>
    /// <param name="severity">The severity.</param>
    /// <param name="attributes">The record's attributes.</param>
    void Log(string message, SeverityLevel severity = SeverityLevel.Info, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>Emits a <see cref="SeverityLevel.Trace"/> log record.</summary>
    /// <param name="message">The body.</param>
    /// <param name="attributes">The record's attributes.</param>
    void LogTrace(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>Emits a <see cref="SeverityLevel.Debug"/> log record.</summary>
    /// <param name="message">The body.</param>
    /// <param name="attributes">The record's attributes.</param>
    void LogDebug(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>Emits an <see cref="SeverityLevel.Info"/> log record.</summary>
    /// <param name="message">The body.</param>
    /// <param name="attributes">The record's attributes.</param>
    void LogInfo(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>Emits a <see cref="SeverityLevel.Warn"/> log record.</summary>
    /// <param name="message">The body.</param>
    /// <param name="attributes">The record's attributes.</param>
    void LogWarn(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>Emits an <see cref="SeverityLevel.Error"/> log record.</summary>
    /// <param name="message">The body.</param>
    /// <param name="attributes">The record's attributes.</param>
    void LogError(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>Emits an <see cref="SeverityLevel.Error"/> log record with an exception.</summary>
    /// <param name="message">The body.</param>
    /// <param name="exception">The exception, exported as <c>exception.*</c> attributes.</param>
    /// <param name="attributes">The record's attributes.</param>
    void LogError(string message, Exception? exception, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>Emits a <see cref="SeverityLevel.Fatal"/> log record.</summary>
    /// <param name="message">The body.</param>
    /// <param name="attributes">The record's attributes.</param>
    void LogFatal(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>
    /// Starts a span that becomes <see cref="Activity.Current"/> for the caller, so spans started
    /// next (and HttpClient calls) nest under it. End it with <see cref="EndSpan"/> by id, or by
    /// disposing the returned handle.
    /// </summary>
    /// <param name="name">The span name.</param>
    /// <param name="kind">The span kind.</param>
    /// <param name="attributes">The span's initial attributes.</param>
    /// <param name="parentSpanId">The hex id of an open span to parent under; default: <see cref="Activity.Current"/>.</param>
    /// <returns>The span; empty (zero ids) when not sampled.</returns>
    SpanHandle StartSpan(string name, SpanKind kind = SpanKind.Internal, IEnumerable<KeyValuePair<string, object?>>? attributes = null, string? parentSpanId = null);

    /// <summary>Ends an open span by its hex id; with an exception, sets status Error and records an <c>exception</c> event.</summary>
    /// <param name="spanId">The span's hex id, from <see cref="SpanHandle.SpanId"/>.</param>
    /// <param name="exception">The failure, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the span was open.</returns>
    bool EndSpan(string spanId, Exception? exception = null);

    /// <summary>Adds an event to an open span by its hex id.</summary>
    /// <param name="spanId">The span's hex id.</param>
    /// <param name="name">The event name.</param>
    /// <param name="attributes">The event's attributes.</param>
    /// <returns><see langword="true"/> when the span was open.</returns>
    bool AddSpanEvent(string spanId, string name, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>Starts a span scoped by <c>using</c>: <c>using var span = client.Span("work");</c>.</summary>
    /// <param name="name">The span name.</param>
    /// <param name="kind">The span kind.</param>
    /// <param name="attributes">The span's initial attributes.</param>
    /// <returns>The span; disposing it ends it.</returns>
    SpanHandle Span(string name, SpanKind kind = SpanKind.Internal, IEnumerable<KeyValuePair<string, object?>>? attributes = null);

    /// <summary>Subscribes to the SDK's domain events of one type (<see cref="TelemetryFlowEvent"/> for all).</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="handler">The handler; its exceptions are caught and counted.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    IDisposable Subscribe<TEvent>(ITelemetryFlowEventHandler<TEvent> handler)
        where TEvent : TelemetryFlowEvent;

    /// <summary>Subscribes a delegate to the SDK's domain events of one type (<see cref="TelemetryFlowEvent"/> for all).</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="handler">The handler; its exceptions are caught and counted.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    IDisposable Subscribe<TEvent>(Action<TEvent> handler)
        where TEvent : TelemetryFlowEvent;

    /// <summary>Reads the SDK's status.</summary>
    /// <returns>A snapshot; contains no secret.</returns>
    TelemetryFlowStatus GetStatus();

    /// <summary>Reads the SDK's status.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>A snapshot; contains no secret.</returns>
    ValueTask<TelemetryFlowStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Derives the SDK's health from recent export outcomes.</summary>
    /// <param name="includeComponents">Whether to include one component per signal exporter.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The health; contains no secret.</returns>
    ValueTask<TelemetryFlowHealth> GetHealthAsync(bool includeComponents = true, CancellationToken cancellationToken = default);
}
