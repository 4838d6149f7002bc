using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TelemetryFlow.Benchmarks.Support;

/// <summary>
/// Plain OpenTelemetry, wired the way an application would wire it by hand, from the same
/// <see cref="TelemetryConfig"/> the SDK client uses: same OTLP endpoint, protocol, compression, timeout, headers,
/// resource, sampler, batch settings, metric temporality and exemplar filter. Its source and meter have their own names, so
/// the SDK's providers never see its telemetry and it never sees the SDK's.
/// </summary>
internal sealed class RawOpenTelemetry : IDisposable
{
    public const string InstrumentationName = "TelemetryFlow.Benchmarks.Raw";

    private readonly TracerProvider? _tracerProvider;
    private readonly MeterProvider? _meterProvider;
    private readonly ILoggerFactory? _loggerFactory;
    private int _disposed;

    private RawOpenTelemetry(TelemetryConfig config, SignalType signals)
    {
        Source = new ActivitySource(InstrumentationName);
        Meter = new Meter(InstrumentationName);
        var batch = config.Batch;
        var delay = (int)batch.ScheduledDelay.TotalMilliseconds;
        var timeout = (int)config.ExportTimeout.TotalMilliseconds;
        var resource = ResourceBuilder.CreateEmpty().AddAttributes(config.ResourceAttributes);

        if (signals.HasFlag(SignalType.Traces))
        {
            _tracerProvider = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(InstrumentationName)
                .SetSampler(Sampler(config))
                .AddProcessor(new BatchActivityExportProcessor(new OtlpTraceExporter(ExporterOptions(config, SignalType.Traces)), batch.MaxQueueSize, delay, timeout, batch.MaxExportBatchSize))
                .Build();
        }

        if (signals.HasFlag(SignalType.Metrics))
        {
            var reader = new PeriodicExportingMetricReader(new OtlpMetricExporter(ExporterOptions(config, SignalType.Metrics)), delay, timeout)
            {
                TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
            };
            _meterProvider = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(InstrumentationName)
                .SetExemplarFilter(config.ExemplarsEnabled ? ExemplarFilterType.TraceBased : ExemplarFilterType.AlwaysOff)
                .AddReader(reader)
                .Build();
        }

        if (signals.HasFlag(SignalType.Logs))
        {
            var processor = new BatchLogRecordExportProcessor(new OtlpLogExporter(ExporterOptions(config, SignalType.Logs)), batch.MaxQueueSize, delay, timeout, batch.MaxExportBatchSize);
            _loggerFactory = LoggerFactory.Create(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddOpenTelemetry(options =>
                {
                    options.SetResourceBuilder(resource);
                    options.AddProcessor(processor);
                });
            });
        }

        Logger = _loggerFactory?.CreateLogger(InstrumentationName) ?? NullLogger.Instance;
    }

    public ActivitySource Source { get; }

    public Meter Meter { get; }

    public ILogger Logger { get; }

    /// <summary>Builds the providers for <paramref name="signals"/>; they start exporting at once.</summary>
    public static RawOpenTelemetry Start(TelemetryConfig config, SignalType signals = SignalType.All) => new(config, signals);

    /// <summary>Exports every queued span now; false when it did not finish in time.</summary>
    public bool FlushTraces(TimeSpan timeout) => _tracerProvider?.ForceFlush((int)timeout.TotalMilliseconds) ?? true;

    /// <summary>Flushes and stops the tracer provider (what <c>TracerProvider.Dispose</c> does, with a caller-chosen timeout).</summary>
    public bool ShutdownTraces(TimeSpan timeout) => _tracerProvider?.Shutdown((int)timeout.TotalMilliseconds) ?? true;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _tracerProvider?.Dispose();
        _meterProvider?.Dispose();
        _loggerFactory?.Dispose();
        Source.Dispose();
        Meter.Dispose();
    }

    private static Sampler Sampler(TelemetryConfig config)
    {
        Sampler root = config.SamplingRatio >= 1.0 ? new AlwaysOnSampler()
            : config.SamplingRatio <= 0.0 ? new AlwaysOffSampler()
            : new TraceIdRatioBasedSampler(config.SamplingRatio);
        return config.ParentBasedSampling ? new ParentBasedSampler(root) : root;
    }

    /// <summary>
    /// Sets <paramref name="options"/> to export <paramref name="signal"/> as the SDK does from <paramref name="config"/>:
    /// endpoint, protocol, timeout, compression and headers. Also used by the middleware benchmark's OpenTelemetry app,
    /// whose <c>AddOtlpExporter</c> callbacks receive the options to fill in.
    /// </summary>
    public static void ConfigureExporter(OtlpExporterOptions options, TelemetryConfig config, SignalType signal)
    {
        options.Protocol = config.Protocol == Protocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

        // The full signal URL for HTTP/protobuf: an endpoint set in code is used as is, without v1/{signal} appended.
        options.Endpoint = config.GetSignalEndpoint(signal);
        options.TimeoutMilliseconds = (int)config.ExportTimeout.TotalMilliseconds;
        options.Compression = config.Compression == ExportCompression.Gzip ? OtlpExportCompression.GZip : OtlpExportCompression.None;

        // The same TelemetryFlow headers the SDK sends; none of the benchmark values contain ',' or '='.
        options.Headers = string.Join(",", config.ExportHeaders.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key}={h.Value}")));
    }

    private static OtlpExporterOptions ExporterOptions(TelemetryConfig config, SignalType signal)
    {
        var options = new OtlpExporterOptions();
        ConfigureExporter(options, config, signal);
        return options;
    }
}
