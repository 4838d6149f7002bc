using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Events;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Application.Logs;
using TelemetryFlow.Application.Metrics;
using TelemetryFlow.Application.Status;
using TelemetryFlow.Application.Traces;
using TelemetryFlow.Infrastructure.Implementation.Composition;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Safety;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using SdkMediator = TelemetryFlow.Infrastructure.Dispatch.Mediator;

namespace TelemetryFlow;

/// <summary>
/// The TelemetryFlow client. Each call becomes a command or query dispatched through a private,
/// source-generated mediator to a handler that drives OpenTelemetry; telemetry is exported over
/// OTLP with the TelemetryFlow authentication headers.
/// </summary>
/// <example>
/// <code>
/// await using var client = new TelemetryFlowBuilder()
///     .WithApiKey("tfk_my_key", "tfs_my_secret")
///     .WithService("checkout")
///     .BuildClient();
/// client.Initialize();
/// client.IncrementCounter("orders.placed");
/// using (client.Span("charge-card"))
/// {
///     client.LogInfo("charging");
/// }
/// </code>
/// </example>
public sealed class TelemetryFlowClient : ITelemetryFlowClient
{
    /// <summary>Default time allowed for flush and shutdown.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly ServiceProvider _services;
    private readonly SdkMediator _mediator;
    private readonly SdkLifecycle _lifecycle;
    private int _disposed;

    private TelemetryFlowClient(TelemetryConfig config, ServiceProvider services)
    {
        Config = config;
        _services = services;
        _mediator = services.GetRequiredService<SdkMediator>();
        _lifecycle = services.GetRequiredService<SdkLifecycle>();
    }

    /// <inheritdoc />
    public TelemetryConfig Config { get; }

    /// <inheritdoc />
    public bool IsInitialized => _lifecycle.IsRunning;

    /// <summary>The pipeline this client drives; integrations (ILogger bridge, middleware) write through it.</summary>
    internal TelemetryPipeline Pipeline => _services.GetRequiredService<TelemetryPipeline>();

    /// <summary>Creates a client for a configuration. Call <see cref="Initialize"/> before recording.</summary>
    /// <param name="config">The configuration, from <see cref="TelemetryFlowBuilder.Build"/>.</param>
    /// <returns>A client that is not yet initialized.</returns>
    /// <exception cref="TelemetryFlowException">The SDK's internal services could not be composed.</exception>
    public static TelemetryFlowClient Create(TelemetryConfig config) => Create(config, loggerFactory: null, configureServices: null);

    /// <summary>
    /// Creates a client whose own log lines (started, export failing, export recovered) go to <paramref name="loggerFactory"/>
    /// under the category <c>TelemetryFlow</c>. Call <see cref="Initialize"/> before recording.
    /// </summary>
    /// <param name="config">The configuration, from <see cref="TelemetryFlowBuilder.Build"/>.</param>
    /// <param name="loggerFactory">The app's logger factory, for example <c>LoggerFactory.Create(b =&gt; b.AddConsole())</c>; <see langword="null"/> for none.</param>
    /// <returns>A client that is not yet initialized.</returns>
    /// <exception cref="TelemetryFlowException">The SDK's internal services could not be composed.</exception>
    /// <remarks>Hosted apps need not pass one: <c>AddTelemetryFlow()</c> uses the host's logging.</remarks>
    public static TelemetryFlowClient Create(TelemetryConfig config, ILoggerFactory? loggerFactory) => Create(config, loggerFactory, configureServices: null);

    /// <summary>
    /// Creates a client for a configuration, with additions to its OpenTelemetry tracer and meter providers (any
    /// instrumentation library, source or meter). Call <see cref="Initialize"/> before recording.
    /// </summary>
    /// <param name="config">The configuration, from <see cref="TelemetryFlowBuilder.Build"/>.</param>
    /// <param name="configureOpenTelemetry">Adds to the providers through <see cref="TelemetryFlowOpenTelemetryBuilder.WithTracing"/> and <see cref="TelemetryFlowOpenTelemetryBuilder.WithMetrics"/>.</param>
    /// <returns>A client that is not yet initialized.</returns>
    /// <exception cref="TelemetryFlowException">The SDK's internal services could not be composed.</exception>
    public static TelemetryFlowClient Create(TelemetryConfig config, Action<TelemetryFlowOpenTelemetryBuilder> configureOpenTelemetry) =>
        Create(config, loggerFactory: null, configureOpenTelemetry);

    /// <summary>
    /// Creates a client whose own log lines go to <paramref name="loggerFactory"/> (category <c>TelemetryFlow</c>), with
    /// additions to its OpenTelemetry tracer and meter providers. Call <see cref="Initialize"/> before recording.
    /// </summary>
    /// <param name="config">The configuration, from <see cref="TelemetryFlowBuilder.Build"/>.</param>
    /// <param name="loggerFactory">The app's logger factory; <see langword="null"/> for none.</param>
    /// <param name="configureOpenTelemetry">Adds to the providers through <see cref="TelemetryFlowOpenTelemetryBuilder.WithTracing"/> and <see cref="TelemetryFlowOpenTelemetryBuilder.WithMetrics"/>.</param>
    /// <returns>A client that is not yet initialized.</returns>
    /// <exception cref="TelemetryFlowException">The SDK's internal services could not be composed.</exception>
    public static TelemetryFlowClient Create(TelemetryConfig config, ILoggerFactory? loggerFactory, Action<TelemetryFlowOpenTelemetryBuilder> configureOpenTelemetry)
    {
        ArgumentNullException.ThrowIfNull(configureOpenTelemetry);
        var extensions = new TelemetryPipelineExtensions();
        configureOpenTelemetry(new TelemetryFlowOpenTelemetryBuilder(extensions));
        return Create(config, extensions, loggerFactory);
    }

    /// <summary>Creates a client whose pipeline applies <paramref name="extensions"/> (an integration's and the app's additions).</summary>
    internal static TelemetryFlowClient Create(TelemetryConfig config, TelemetryPipelineExtensions extensions, ILoggerFactory? loggerFactory = null) =>
        Create(config, loggerFactory, services => services.AddSingleton(extensions));

    internal static TelemetryFlowClient Create(TelemetryConfig config, Action<IServiceCollection>? configureServices) =>
        Create(config, loggerFactory: null, configureServices);

    internal static TelemetryFlowClient Create(TelemetryConfig config, ILoggerFactory? loggerFactory, Action<IServiceCollection>? configureServices)
    {
        ArgumentNullException.ThrowIfNull(config);
        ServiceProvider services;
        try
        {
            services = SdkServices.Build(config, loggerFactory, configureServices);
        }
        catch (Exception ex) when (ex is not TelemetryFlowException)
        {
            throw new TelemetryFlowException($"The TelemetryFlow SDK could not be created: a component failed to construct ({ex.GetType().Name}). See the inner exception.", ex);
        }

        return new TelemetryFlowClient(config, services);
    }

    /// <inheritdoc />
    public void Initialize()
    {
        if (_lifecycle.IsRunning)
        {
            return;
        }

        try
        {
            Complete(_mediator.Send(default(InitializeSdkCommand)));
        }
        catch (TelemetryFlowException)
        {
            throw;
        }
        catch (Exception ex)
        {
            _lifecycle.MarkFailed(ex);
            TelemetryFlowEventSource.Log.SdkInitializationFailed(ex.GetType().FullName ?? ex.GetType().Name);
            throw new TelemetryFlowException($"The TelemetryFlow SDK failed to start ({ex.GetType().Name}); it will record nothing. See the inner exception.", ex);
        }
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Initialize();
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <inheritdoc />
    public Task<bool> ShutdownAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var command = new ShutdownSdkCommand(timeout ?? DefaultShutdownTimeout);

        // OpenTelemetry's shutdown blocks; keep it off the caller's thread.
        return Task.Run(() => Complete(_mediator.Send(command)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> FlushAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var command = new FlushTelemetryCommand(timeout ?? DefaultShutdownTimeout);
        return Task.Run(() => Complete(_mediator.Send(command)), cancellationToken);
    }

    /// <inheritdoc />
    // Never inlined into the caller, on purpose (here and on the other metric methods): as a method of its own it
    // gets its own inlining budget, so the JIT flattens the whole dispatch (mediator, behavior, handler, instrument)
    // into it, whatever the size of the calling method. Inlined into a large caller, the budget ran out half-way and
    // left several calls on the hot path (figures in docs/benchmarks.md, "Hot-path decisions").
    [MethodImpl(MethodImplOptions.NoInlining)]
    public unsafe void IncrementCounter(string name, long value = 1, in TagList attributes = default)
    {
        ThrowIfMissingName(name);
        if (value < 0)
        {
            ThrowNegativeIncrement(value);
        }

        fixed (byte* tags = &Unsafe.As<TagList, byte>(ref Unsafe.AsRef(in attributes)))
        {
            var pending = _mediator.Send(new RecordCounterCommand(name, value, MetricAttributes.Pinned(tags)));
            CompleteMetric(in pending);
        }
    }

    /// <inheritdoc />
    public void IncrementCounter(string name, long value, IEnumerable<KeyValuePair<string, object?>>? attributes) =>
        IncrementCounter(name, value, ToTagList(attributes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.NoInlining)]
    public unsafe void RecordGauge(string name, double value, in TagList attributes = default)
    {
        ThrowIfMissingName(name);
        ThrowIfNotFinite(value);
        fixed (byte* tags = &Unsafe.As<TagList, byte>(ref Unsafe.AsRef(in attributes)))
        {
            var pending = _mediator.Send(new RecordGaugeCommand(name, value, MetricAttributes.Pinned(tags)));
            CompleteMetric(in pending);
        }
    }

    /// <inheritdoc />
    public void RecordGauge(string name, double value, IEnumerable<KeyValuePair<string, object?>>? attributes) =>
        RecordGauge(name, value, ToTagList(attributes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.NoInlining)]
    public unsafe void RecordHistogram(string name, double value, string? unit = null, in TagList attributes = default)
    {
        ThrowIfMissingName(name);
        ThrowIfNotFinite(value);
        fixed (byte* tags = &Unsafe.As<TagList, byte>(ref Unsafe.AsRef(in attributes)))
        {
            var pending = _mediator.Send(new RecordHistogramCommand(name, value, unit, MetricAttributes.Pinned(tags)));
            CompleteMetric(in pending);
        }
    }

    /// <inheritdoc />
    public void RecordHistogram(string name, double value, string? unit, IEnumerable<KeyValuePair<string, object?>>? attributes) =>
        RecordHistogram(name, value, unit, ToTagList(attributes));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.NoInlining)]
    public unsafe void RecordMetric(string name, double value, string? unit = null, in TagList attributes = default)
    {
        ThrowIfMissingName(name);
        ThrowIfNotFinite(value);
        fixed (byte* tags = &Unsafe.As<TagList, byte>(ref Unsafe.AsRef(in attributes)))
        {
            var pending = _mediator.Send(new RecordMetricCommand(name, value, unit, MetricAttributes.Pinned(tags)));
            CompleteMetric(in pending);
        }
    }

    /// <inheritdoc />
    public void RecordMetric(string name, double value, string? unit, IEnumerable<KeyValuePair<string, object?>>? attributes) =>
        RecordMetric(name, value, unit, ToTagList(attributes));

    /// <inheritdoc />
    public void Log(string message, SeverityLevel severity = SeverityLevel.Info, IEnumerable<KeyValuePair<string, object?>>? attributes = null) =>
        Emit(message, severity, attributes, exception: null);

    /// <inheritdoc />
    public void LogTrace(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null) => Emit(message, SeverityLevel.Trace, attributes, null);

    /// <inheritdoc />
    public void LogDebug(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null) => Emit(message, SeverityLevel.Debug, attributes, null);

    /// <inheritdoc />
    public void LogInfo(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null) => Emit(message, SeverityLevel.Info, attributes, null);

    /// <inheritdoc />
    public void LogWarn(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null) => Emit(message, SeverityLevel.Warn, attributes, null);

    /// <inheritdoc />
    public void LogError(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null) => Emit(message, SeverityLevel.Error, attributes, null);

    /// <inheritdoc />
    public void LogError(string message, Exception? exception, IEnumerable<KeyValuePair<string, object?>>? attributes = null) => Emit(message, SeverityLevel.Error, attributes, exception);

    /// <inheritdoc />
    public void LogFatal(string message, IEnumerable<KeyValuePair<string, object?>>? attributes = null) => Emit(message, SeverityLevel.Fatal, attributes, null);

    /// <inheritdoc />
    public SpanHandle StartSpan(string name, SpanKind kind = SpanKind.Internal, IEnumerable<KeyValuePair<string, object?>>? attributes = null, string? parentSpanId = null) =>
        Start(name, kind, attributes, parentSpanId, track: true);

    /// <inheritdoc />
    public SpanHandle Span(string name, SpanKind kind = SpanKind.Internal, IEnumerable<KeyValuePair<string, object?>>? attributes = null) =>
        Start(name, kind, attributes, parentSpanId: null, track: false);

    /// <inheritdoc />
    public bool EndSpan(string spanId, Exception? exception = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(spanId);
        return Complete(_mediator.Send(new EndSpanCommand(spanId, exception)));
    }

    /// <inheritdoc />
    public bool AddSpanEvent(string spanId, string name, IEnumerable<KeyValuePair<string, object?>>? attributes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(spanId);
        ThrowIfInvalidName(name);
        return Complete(_mediator.Send(new AddSpanEventCommand(spanId, name, attributes)));
    }

    /// <inheritdoc />
    public IDisposable Subscribe<TEvent>(ITelemetryFlowEventHandler<TEvent> handler)
        where TEvent : TelemetryFlowEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        return _services.GetRequiredService<EventSubscribers>().Add(handler);
    }

    /// <inheritdoc />
    public IDisposable Subscribe<TEvent>(Action<TEvent> handler)
        where TEvent : TelemetryFlowEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Subscribe(new DelegateEventHandler<TEvent>(handler));
    }

    /// <inheritdoc />
    public TelemetryFlowStatus GetStatus() => Complete(_mediator.Send(default(GetSdkStatusQuery)));

    /// <inheritdoc />
    public ValueTask<TelemetryFlowStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        _mediator.Send(default(GetSdkStatusQuery), cancellationToken);

    /// <inheritdoc />
    public ValueTask<TelemetryFlowHealth> GetHealthAsync(bool includeComponents = true, CancellationToken cancellationToken = default) =>
        _mediator.Send(new GetHealthQuery(includeComponents), cancellationToken);

    /// <summary>Shuts down with flush (see <see cref="ShutdownAsync"/>), waiting up to <see cref="DefaultShutdownTimeout"/>. Never throws.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Complete(_mediator.Send(new ShutdownSdkCommand(DefaultShutdownTimeout)));
        }
#pragma warning disable CA1031 // Dispose must not throw; shutdown problems are already reflected in status.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            _services.Dispose();
        }
    }

    /// <summary>Shuts down with flush (see <see cref="ShutdownAsync"/>), waiting up to <see cref="DefaultShutdownTimeout"/>. Never throws.</summary>
    /// <returns>A task that completes when the client is shut down.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await ShutdownAsync(DefaultShutdownTimeout).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Dispose must not throw; shutdown problems are already reflected in status.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            await _services.DisposeAsync().ConfigureAwait(false);
        }
    }

    private SpanHandle Start(string name, SpanKind kind, IEnumerable<KeyValuePair<string, object?>>? attributes, string? parentSpanId, bool track)
    {
        ThrowIfInvalidName(name);
        if ((uint)kind > (uint)SpanKind.Consumer)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use a defined SpanKind: Internal, Server, Client, Producer or Consumer.");
        }

        // Synchronous on purpose: the Activity.Current set by the handler must flow back to the caller.
        return Complete(_mediator.Send(new StartSpanCommand(name, kind, attributes, parentSpanId, track)));
    }

    private void Emit(string message, SeverityLevel severity, IEnumerable<KeyValuePair<string, object?>>? attributes, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(message);
        if ((uint)severity > (uint)SeverityLevel.Fatal)
        {
            throw new ArgumentOutOfRangeException(nameof(severity), severity, "Use a defined SeverityLevel: Trace, Debug, Info, Warn, Error or Fatal.");
        }

        Complete(_mediator.Send(new EmitLogCommand(message, severity, attributes, exception)));
    }

    private static TagList ToTagList(IEnumerable<KeyValuePair<string, object?>>? attributes)
    {
        var tags = default(TagList);
        if (attributes is not null)
        {
            foreach (var attribute in attributes)
            {
                tags.Add(attribute);
            }
        }

        return tags;
    }

    /// <summary>
    /// Returns the result of a dispatch, waiting for it in the caller's frame if it did not complete
    /// synchronously. Metric commands point at the caller's attributes, pinned for the duration of the
    /// dispatch (<see cref="MetricAttributes.Pinned"/>), so the wait must stay inside the pinning block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Complete<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : Wait(pending);

    /// <summary>
    /// <see cref="Complete{T}"/> for the metric commands, which return nothing: a check that stays small enough to be
    /// inlined into the caller with the whole dispatch, and the wait (which never happens for these synchronous
    /// handlers) out of line. Like <see cref="Complete{T}"/>, it must be called inside the pinning block.
    /// </summary>
    /// <remarks>
    /// By reference, so that only the task's object field is read: taken by value, the whole result was copied field
    /// by field right after the inlined handler had stored it as one 16-byte vector, and the copy's second half
    /// could not be forwarded from that store, a stall of several percent of a metric call (docs/benchmarks.md,
    /// 2026-12-07 session 2).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CompleteMetric(in ValueTask<Unit> pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            WaitMetric(in pending);
        }
    }

    /// <summary>The slow path of <see cref="CompleteMetric"/>, by reference like it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WaitMetric(in ValueTask<Unit> pending) => pending.AsTask().GetAwaiter().GetResult();

    /// <summary>The slow path of <see cref="Complete{T}"/>, out of line so that it stays small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Wait<T>(ValueTask<T> pending) => pending.AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// The metric-path check: null or empty only. Whitespace-only names and control characters are
    /// refused by the instrument cache when an instrument is first created, so a good name is not
    /// rescanned on every call (the hot path), and a bad one still throws on every call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThrowIfMissingName(string name, [CallerArgumentExpression(nameof(name))] string? parameter = null)
    {
        if (string.IsNullOrEmpty(name))
        {
            ThrowInvalidName(name, parameter);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThrowIfInvalidName(string name, [CallerArgumentExpression(nameof(name))] string? parameter = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            ThrowInvalidName(name, parameter);
        }

        var control = TelemetryNames.IndexOfControlCharacter(name);
        if (control >= 0)
        {
            TelemetryNames.ThrowControlCharacter(name, control, parameter);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThrowIfNotFinite(double value)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(value);
        }
    }

    private static void ThrowInvalidName(string? name, string? parameter) =>
        throw (name is null
            ? new ArgumentNullException(parameter, "A name is required; pass a non-empty name such as \"orders.placed\".")
            : new ArgumentException("A name is required; pass a non-empty name such as \"orders.placed\", not an empty or whitespace string.", parameter));

    private static void ThrowNegativeIncrement(long value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, "A counter only goes up: the increment must be zero or positive. Use RecordGauge for a value that can go down.");

    private static void ThrowNotFinite(double value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, "The value must be a finite number, not NaN or infinity.");
}
