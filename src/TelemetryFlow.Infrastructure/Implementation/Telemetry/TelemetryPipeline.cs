using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TelemetryFlow.Infrastructure.Implementation.Delivery;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Instrumentation;
using TelemetryFlow.Infrastructure.Implementation.Logging;
using TelemetryFlow.Infrastructure.Implementation.Resources;
using TelemetryFlow.Infrastructure.Implementation.Safety;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// One client's OpenTelemetry pipeline: its <see cref="ActivitySource"/>, <see cref="Meter"/> and instruments,
/// open spans, log state and logger, and the tracer, meter and logger providers that export them over OTLP. It
/// counts what it records in the <see cref="ExportAccounting"/>, and its exporters send through the
/// <see cref="ExportDelivery"/>, which it starts before them and shuts down after them. Nothing here is static or
/// process-global, so several clients can live side by side.
/// </summary>
internal sealed class TelemetryPipeline : IDisposable
{
    /// <summary>The instrumentation scope name of everything the client records.</summary>
    public const string InstrumentationName = "TelemetryFlow";

    private readonly Lock _gate = new();
    private TracerProvider? _tracerProvider;
    private MeterProvider? _meterProvider;
    private ILoggerFactory? _loggerFactory;

    // Held so logs can be flushed directly: the OpenTelemetry logger provider lives inside the LoggerFactory.
    private BatchLogRecordExportProcessor? _logProcessor;
    private ObservedExporter<Activity>? _traceExporter;
    private ObservedExporter<Metric>? _metricExporter;
    private ObservedExporter<LogRecord>? _logExporter;
    private SdkSelfMetrics? _selfMetrics;
    private LibraryInstrumentation? _libraries;
    private bool _started;

    private readonly TelemetryPipelineExtensions _extensions;
    private readonly ExportAccounting _accounting;
    private readonly ExportDelivery _delivery;
    private readonly TimeProvider _time;
    private readonly ResourceDetector _detector;

    public TelemetryPipeline(TelemetryConfig config, TelemetryPipelineExtensions extensions, ExportAccounting accounting, ExportDelivery delivery, TimeProvider time, ResourceDetector detector)
    {
        _detector = detector;
        Config = config;
        _extensions = extensions;
        _accounting = accounting;
        _delivery = delivery;
        _time = time;
        ActivitySource = new ActivitySource(InstrumentationName, TelemetryConfig.DistroVersion);
        Meter = new Meter(InstrumentationName, TelemetryConfig.DistroVersion);
        Instruments = new MetricInstruments(Meter, config.Limits.MaxMetricStreams);
        Sanitizer = new TelemetrySanitizer(config.Limits, config.PiiRedaction);
    }

    public TelemetryConfig Config { get; }

    public ActivitySource ActivitySource { get; }

    public Meter Meter { get; }

    public MetricInstruments Instruments { get; }

    public SpanRegistry Spans { get; } = new();

    /// <summary>Applies the input limits and PII redaction; its changes are counted in <see cref="Safety"/>.</summary>
    public TelemetrySanitizer Sanitizer { get; }

    public SafetyStatistics Safety { get; } = new();

    public ILogger Logger { get; private set; } = NullLogger.Instance;

    /// <summary>The OpenTelemetry-backed logger factory while running with logs enabled; the host's ILogger bridge writes through it.</summary>
    public ILoggerFactory? LoggerFactory => Volatile.Read(ref _loggerFactory);

    /// <summary>Whether log records carry the host's log scopes (<c>IncludeLogScopes</c>); when not, nothing reads a scope.</summary>
    public bool IncludesLogScopes => _extensions.IncludeLogScopes;

    /// <summary>Builds the providers for the enabled signals. Idempotent.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started)
            {
                return;
            }

            var resource = BuildResource();
            try
            {
                // Circuit breakers, the disk store and its replayer: in place before the first export.
                _delivery.Start();
                if (Config.IsEnabled(SignalType.Traces))
                {
                    _tracerProvider = BuildTracerProvider(resource);
                }

                if (Config.IsEnabled(SignalType.Metrics))
                {
                    _meterProvider = BuildMeterProvider(resource);
                    Instruments.VerifySubscription();
                }

                if (Config.IsEnabled(SignalType.Logs))
                {
                    var factory = BuildLoggerFactory(resource);
                    LogScopeVersion.Apply(InstrumentationName, TelemetryConfig.DistroVersion);
                    Logger = factory.CreateLogger(InstrumentationName);
                    Volatile.Write(ref _loggerFactory, factory);
                }
            }
            catch
            {
                // A half-built pipeline must not keep exporter threads alive.
                DisposeProviders();
                _delivery.Stop();
                throw;
            }

            _started = true;
        }
    }

    /// <summary>
    /// Exports everything recorded before the call. True only when all of it was delivered, stored on disk, or counted
    /// as dropped within <paramref name="timeout"/>; then a replay pass of stored batches, best effort, in what is left.
    /// </summary>
    public bool Flush(TimeSpan timeout)
    {
        var deadline = Deadline.Start(timeout);
        var ok = Settle(_tracerProvider is { } tracer && tracer.ForceFlush(deadline.RemainingMilliseconds), _tracerProvider is null, _traceExporter, deadline);
        using (RequestBudget.BoundWaitsOnThisThread(timeout == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _time.GetUtcNow() + deadline.Remaining))
        {
            ok &= Settle(_meterProvider is { } meter && meter.ForceFlush(deadline.RemainingMilliseconds), _meterProvider is null, _metricExporter, deadline);
        }

        ok &= Settle(FlushLogs(deadline.RemainingMilliseconds), _logProcessor is null, _logExporter, deadline);
        _delivery.Flush(TimeSpan.FromMilliseconds(deadline.RemainingMilliseconds));
        return ok;
    }

    /// <summary>
    /// A provider's flush only says its queue is empty: the items are then in an export that may still be waiting on
    /// the backend. Waits for the exports begun so far to end.
    /// </summary>
    private static bool Settle<T>(bool flushed, bool absent, ObservedExporter<T>? exporter, Deadline deadline)
        where T : class
    {
        if (absent)
        {
            return true;
        }

        return flushed && (exporter is null || exporter.WaitForExports(exporter.ExportsStarted, deadline.Remaining));
    }

    /// <summary>Ends open spans, flushes and shuts the providers down within <paramref name="timeout"/>.</summary>
    public bool Shutdown(TimeSpan timeout)
    {
        lock (_gate)
        {
            var deadline = Deadline.Start(timeout);
            _delivery.StopWaitingAfter(timeout);
            Spans.EndAll();
            var ok = Settle(_tracerProvider is { } tracer && tracer.Shutdown(deadline.RemainingMilliseconds), _tracerProvider is null, _traceExporter, deadline);
            ok &= Settle(_meterProvider is { } meter && meter.Shutdown(deadline.RemainingMilliseconds), _meterProvider is null, _metricExporter, deadline);
            ok &= Settle(_logProcessor is { } logs && logs.Shutdown(deadline.RemainingMilliseconds), _logProcessor is null, _logExporter, deadline);

            // After the exporters, which may have stored their last batches: one replay pass, then stop.
            ok &= _delivery.Shutdown(TimeSpan.FromMilliseconds(deadline.RemainingMilliseconds));
            DisposeProviders();
            Logger = NullLogger.Instance;
            _accounting.Close();
            return ok;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            DisposeProviders();
        }

        _delivery.Dispose();
        ActivitySource.Dispose();
        Meter.Dispose();
    }

    private bool FlushLogs(int timeoutMilliseconds) => _logProcessor?.ForceFlush(timeoutMilliseconds) ?? true;

    private void DisposeProviders()
    {
        _libraries?.Dispose();
        _libraries = null;
        _tracerProvider?.Dispose();
        _tracerProvider = null;
        _meterProvider?.Dispose();
        _meterProvider = null;
        _selfMetrics?.Dispose();
        _selfMetrics = null;
        Interlocked.Exchange(ref _loggerFactory, null)?.Dispose();
        _logProcessor = null;
        _traceExporter = null;
        _metricExporter = null;
        _logExporter = null;
    }

    /// <summary>
    /// The resource of all three signals. Later additions win: OpenTelemetry's <c>telemetry.sdk.*</c>, then what was
    /// detected about the process, then the configured attributes (code and settings, which already hold
    /// <c>OTEL_RESOURCE_ATTRIBUTES</c> below them).
    /// </summary>
    private ResourceBuilder BuildResource() =>
        ResourceBuilder.CreateEmpty()
            .AddTelemetrySdk()
            .AddAttributes(_detector.Attributes)
            .AddAttributes(Config.ResourceAttributes);

    private TracerProvider BuildTracerProvider(ResourceBuilder resource)
    {
        var exporter = new ObservedExporter<Activity>(new OtlpTraceExporter(ExporterOptions(SignalType.Traces)), _accounting.Traces, _delivery.LedgerFor(SignalType.Traces));
        _traceExporter = exporter;
        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(InstrumentationName)
            .AddSource([.. Config.TraceSources]);
        foreach (var extend in _extensions.Tracing)
        {
            extend(builder);
        }

        // EF Core, SqlClient and gRPC client spans, for the libraries the application turns out to use.
        var libraries = Config.TracedLibraries == TracedLibraries.None ? null : new LibraryInstrumentation(Config.TracedLibraries);
        _libraries = libraries;
        ActivitySource[] owned = [ActivitySource, .. _extensions.OwnedSources, .. libraries?.OwnedSources ?? []];
        builder.AddSource([.. libraries?.SourceNames ?? []]);
        if (libraries?.CreateGrpcProcessor() is { } grpc)
        {
            builder.AddProcessor(grpc);
        }

        var processor = new InstanceActivityExportProcessor(owned, _accounting.Traces, exporter, Config.Batch, Config.ExportTimeout);
        _accounting.Traces.QueueDrops.Watch(processor);
        if (Config.BaggageKeys.Count > 0)
        {
            builder.AddProcessor(new BaggageActivityProcessor(new BaggageAttributes(Config.BaggageKeys)));
        }

        var provider = builder
            .SetSampler(CreateSampler())
            .AddProcessor(new ActivitySafetyProcessor(owned, Config.TraceSources, Sanitizer, Safety))
            .AddProcessor(processor)
            .Build();
        libraries?.Start();
        return provider;
    }

    private MeterProvider BuildMeterProvider(ResourceBuilder resource)
    {
        var exporter = new ObservedExporter<Metric>(new OtlpMetricExporter(ExporterOptions(SignalType.Metrics)), _accounting.Metrics, _delivery.LedgerFor(SignalType.Metrics));
        _metricExporter = exporter;
        var observed = new CardinalityOverflowObserver(exporter, Safety, Config.Limits.MetricCardinality);
        var reader = new PeriodicExportingMetricReader(observed, (int)Config.Batch.ScheduledDelay.TotalMilliseconds, (int)Config.ExportTimeout.TotalMilliseconds)
        {
            TemporalityPreference = Config.MetricsTemporality switch
            {
                MetricTemporality.Delta => MetricReaderTemporalityPreference.Delta,
                MetricTemporality.LowMemory => MetricReaderTemporalityPreference.LowMemory,
                _ => MetricReaderTemporalityPreference.Cumulative,
            },
        };

        _selfMetrics = Config.SdkMetricsEnabled ? new SdkSelfMetrics(Config, _accounting, _delivery) : null;
        var selfMeter = _selfMetrics?.Meter;
        var platform = new PlatformMeters(Config.PlatformMetrics, Config.Meters);
        var builder = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(InstrumentationName)
            .AddMeter([.. Config.Meters]);
        if (selfMeter is not null)
        {
            builder.AddMeter(SdkSelfMetrics.MeterName);
        }

        platform.AddTo(builder);
        foreach (var extend in _extensions.Metrics)
        {
            extend(builder);
        }

        return builder

            // One view callback for every rule: a second view matching an instrument would export it twice.
            .AddView(new MetricViewSelector(Meter, selfMeter, _extensions.HostMeterFactory, platform, Config).Select)
            .SetMaxMetricStreams(Config.Limits.MaxMetricStreams + platform.StreamReserve + (selfMeter is null ? 0 : SdkSelfMetrics.StreamCount))
            .SetExemplarFilter(Config.ExemplarsEnabled ? ExemplarFilterType.TraceBased : ExemplarFilterType.AlwaysOff)
            .AddReader(reader)
            .Build();
    }

    private ILoggerFactory BuildLoggerFactory(ResourceBuilder resource)
    {
        var exporter = new ObservedExporter<LogRecord>(new OtlpLogExporter(ExporterOptions(SignalType.Logs)), _accounting.Logs, _delivery.LedgerFor(SignalType.Logs));
        _logExporter = exporter;
        var batch = Config.Batch;
        var processor = new BatchLogRecordExportProcessor(
            exporter,
            batch.MaxQueueSize,
            (int)batch.ScheduledDelay.TotalMilliseconds,
            (int)Config.ExportTimeout.TotalMilliseconds,
            batch.MaxExportBatchSize);
        _logProcessor = processor;
        _accounting.Logs.QueueDrops.Watch(processor);
        return Microsoft.Extensions.Logging.LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddOpenTelemetry(options =>
            {
                options.SetResourceBuilder(resource);
                options.IncludeFormattedMessage = true;

                // The record then keeps no reference to the logger's state (attributes are copied out of it),
                // which lets the client reuse its LogState per thread.
                options.ParseStateValues = true;
                options.IncludeScopes = _extensions.IncludeLogScopes;
                if (Config.BaggageKeys.Count > 0)
                {
                    options.AddProcessor(new BaggageLogProcessor(new BaggageAttributes(Config.BaggageKeys)));
                }

                options.AddProcessor(new LogRecordSafetyProcessor(Sanitizer, Safety));
                options.AddProcessor(new LogRecordCountingProcessor(_accounting.Logs));
                options.AddProcessor(processor);
            });
        });
    }

    private Sampler CreateSampler()
    {
        Sampler root = Config.SamplingRatio >= 1.0 ? new AlwaysOnSampler()
            : Config.SamplingRatio <= 0.0 ? new AlwaysOffSampler()
            : new TraceIdRatioBasedSampler(Config.SamplingRatio);
        if (Config.TracesPerSecond > 0)
        {
            root = new RateLimitingSampler(root, Config.TracesPerSecond, _time);
        }

        return Config.ParentBasedSampling ? new ParentBasedSampler(root) : root;
    }

    private OtlpExporterOptions ExporterOptions(SignalType signal) =>
        OtlpExporterOptionsFactory.Create(Config, signal, _accounting.For(signal), _delivery);

    private readonly struct Deadline
    {
        private readonly long _start;
        private readonly TimeSpan _timeout;

        private Deadline(TimeSpan timeout)
        {
            _start = Stopwatch.GetTimestamp();
            _timeout = timeout;
        }

        public TimeSpan Remaining => _timeout == Timeout.InfiniteTimeSpan
            ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromMilliseconds(RemainingMilliseconds);

        public int RemainingMilliseconds => _timeout == Timeout.InfiniteTimeSpan
            ? Timeout.Infinite
            : (int)Math.Max(0, (_timeout - Stopwatch.GetElapsedTime(_start)).TotalMilliseconds);

        public static Deadline Start(TimeSpan timeout) => new(timeout);
    }
}
