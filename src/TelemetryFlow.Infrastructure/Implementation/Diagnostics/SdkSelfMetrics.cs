using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Infrastructure.Implementation.Delivery;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Diagnostics;

/// <summary>
/// The SDK's report on itself, exported with the client's metrics: observable instruments on a meter of its own that
/// read, at each collection, the counts the export accounting keeps anyway. Nothing is added to the recording path.
/// Names follow OpenTelemetry's semantic conventions for SDK metrics (<c>otel.sdk.*</c>) where one exists, and
/// <c>telemetryflow.sdk.*</c> for what they do not cover (drops by reason, retries, disk buffer, circuit breaker).
/// </summary>
internal sealed class SdkSelfMetrics : IDisposable
{
    /// <summary>The meter (instrumentation scope) name of the SDK's own metrics.</summary>
    public const string MeterName = "TelemetryFlow.Sdk";

    /// <summary>An upper bound on the metric streams this adds, reserved on top of the app's stream limit.</summary>
    public const int StreamCount = 16;

    /// <summary>
    /// The cardinality limit of the SDK metrics counted by reason or error type (<see cref="LimitOf"/>), apart from the
    /// app's limit (which may be set low): enough for every signal and drop reason or error type, and small, since
    /// OpenTelemetry preallocates storage for the limit.
    /// </summary>
    public const int CardinalityLimit = 100;

    /// <summary>
    /// The cardinality limit of the SDK metrics whose attribute sets are few and fixed: queue sizes and capacities, the
    /// processed counts (ok or queue_full), logs created, the disk buffer by signal, the breaker state (3 signals by 3
    /// states). OpenTelemetry preallocates storage for the limit; at <see cref="CardinalityLimit"/> these eleven kept
    /// about 100 KB alive that the first garbage collection of a short-lived app had to move (docs/benchmarks.md).
    /// </summary>
    public const int FixedCardinalityLimit = 16;

    private const string ErrorType = "error.type";
    private const string SignalAttribute = "telemetryflow.signal";

    private static readonly CircuitState[] States = [CircuitState.Closed, CircuitState.Open, CircuitState.HalfOpen];

    private readonly TelemetryConfig _config;
    private readonly ExportAccounting _accounting;
    private readonly ExportDelivery _delivery;

    public SdkSelfMetrics(TelemetryConfig config, ExportAccounting accounting, ExportDelivery delivery)
    {
        _config = config;
        _accounting = accounting;
        _delivery = delivery;
        Meter = new Meter(MeterName, TelemetryConfig.DistroVersion);

        Meter.CreateObservableCounter("otel.sdk.exporter.span.exported", () => Exported(SignalType.Traces), "{span}", "Spans whose export finished, successfully or not (error.type).");
        Meter.CreateObservableCounter("otel.sdk.exporter.log.exported", () => Exported(SignalType.Logs), "{log_record}", "Log records whose export finished, successfully or not (error.type).");
        Meter.CreateObservableCounter("otel.sdk.exporter.metric_data_point.exported", () => Exported(SignalType.Metrics), "{data_point}", "Metric data points whose export finished, successfully or not (error.type).");
        Meter.CreateObservableCounter("otel.sdk.processor.span.processed", () => Processed(SignalType.Traces), "{span}", "Spans handed to the exporter, or dropped on a full queue (error.type=queue_full).");
        Meter.CreateObservableCounter("otel.sdk.processor.log.processed", () => Processed(SignalType.Logs), "{log_record}", "Log records handed to the exporter, or dropped on a full queue (error.type=queue_full).");
        Meter.CreateObservableUpDownCounter("otel.sdk.processor.span.queue.size", () => QueueSize(SignalType.Traces), "{span}", "Spans in the batch processor's queue.");
        Meter.CreateObservableUpDownCounter("otel.sdk.processor.log.queue.size", () => QueueSize(SignalType.Logs), "{log_record}", "Log records in the batch processor's queue.");
        Meter.CreateObservableUpDownCounter("otel.sdk.processor.span.queue.capacity", () => QueueCapacity(SignalType.Traces), "{span}", "The most spans the batch processor's queue holds.");
        Meter.CreateObservableUpDownCounter("otel.sdk.processor.log.queue.capacity", () => QueueCapacity(SignalType.Logs), "{log_record}", "The most log records the batch processor's queue holds.");
        Meter.CreateObservableCounter("otel.sdk.log.created", LogsCreated, "{log_record}", "Log records emitted to the SDK's logger.");
        Meter.CreateObservableCounter("telemetryflow.sdk.dropped", Dropped, "{item}", "Items dropped by the SDK, by signal and reason (error.type); the same counts as DroppedByReason in status.");
        Meter.CreateObservableCounter("telemetryflow.sdk.exporter.retries", Retries, "{request}", "Export requests sent again: after a transient failure, or a rate-limit refusal (error.type).");
        Meter.CreateObservableUpDownCounter("telemetryflow.sdk.disk_buffer.size", DiskSize, "By", "Bytes of telemetry stored on disk, waiting for a replay.");
        Meter.CreateObservableUpDownCounter("telemetryflow.sdk.disk_buffer.capacity", DiskCapacity, "By", "The most bytes the disk buffer may hold.");
        Meter.CreateObservableUpDownCounter("telemetryflow.sdk.disk_buffer.items", DiskItems, "{item}", "Items this process stored on disk and has not replayed yet, by signal.");
        Meter.CreateObservableUpDownCounter("telemetryflow.sdk.circuit_breaker.state", BreakerStates, "{state}", "1 for the export circuit breaker's current state (closed, open, half_open) per signal, 0 for the others.");
    }

    public Meter Meter { get; }

    /// <summary>
    /// The metric view of an instrument of a meter named <see cref="MeterName"/>: this client's own with
    /// the cardinality limit of <see cref="LimitOf"/>, another client's dropped (meters are subscribed to by name).
    /// </summary>
    public static MetricStreamConfiguration StreamFor(Instrument instrument, Meter? own) =>
        ReferenceEquals(instrument.Meter, own) ? new MetricStreamConfiguration { CardinalityLimit = LimitOf(instrument.Name) } : MetricStreamConfiguration.Drop;

    /// <summary>
    /// <see cref="CardinalityLimit"/> for the counts by reason or error type (exported, dropped, retries), whose sets
    /// grow with the kinds of failure seen; <see cref="FixedCardinalityLimit"/> for the rest.
    /// </summary>
    public static int LimitOf(string instrumentName) =>
        instrumentName.EndsWith(".exported", StringComparison.Ordinal) || instrumentName is "telemetryflow.sdk.dropped" or "telemetryflow.sdk.exporter.retries"
            ? CardinalityLimit
            : FixedCardinalityLimit;

    /// <summary>An attribute value in OpenTelemetry's style: the status reason <c>queue-full</c> becomes <c>queue_full</c>.</summary>
    public static string AttributeValue(string reason) => reason.Replace('-', '_');

    public void Dispose() => Meter.Dispose();

    private bool Enabled(SignalType signal) => _config.IsEnabled(signal);

    private IEnumerable<Measurement<long>> Exported(SignalType signal)
    {
        if (!Enabled(signal))
        {
            yield break;
        }

        var statistics = _accounting.For(signal);
        var endpoint = _config.GetSignalEndpoint(signal);
        var type = ExporterType(signal);
        var common = new TagList
        {
            { "otel.component.type", type },
            { "otel.component.name", type + "/0" },
            { "server.address", endpoint.Host },
            { "server.port", endpoint.Port },
        };

        var delivered = statistics.IsAggregated ? statistics.PointsExported : statistics.Snapshot(enabled: true).Exported;
        yield return new Measurement<long>(delivered, common);
        foreach (var (errorType, items) in statistics.FailedByErrorType())
        {
            var tags = common;
            tags.Add(ErrorType, errorType);
            yield return new Measurement<long>(items, tags);
        }
    }

    private IEnumerable<Measurement<long>> Processed(SignalType signal)
    {
        if (!Enabled(signal))
        {
            yield break;
        }

        var statistics = _accounting.For(signal);
        var type = ProcessorType(signal);
        var common = new TagList { { "otel.component.type", type }, { "otel.component.name", type + "/0" } };
        yield return new Measurement<long>(statistics.Processed, common);
        var queueFull = statistics.Snapshot(enabled: true).DroppedByReason.GetValueOrDefault(DropReason.QueueFull.Value);
        if (queueFull > 0)
        {
            var tags = common;
            tags.Add(ErrorType, AttributeValue(DropReason.QueueFull.Value));
            yield return new Measurement<long>(queueFull, tags);
        }
    }

    private IEnumerable<Measurement<long>> QueueSize(SignalType signal)
    {
        if (!Enabled(signal))
        {
            yield break;
        }

        // Accepted by the processor = queued + dropped on a full queue + handed to the exporter.
        var statistics = _accounting.For(signal);
        var status = statistics.Snapshot(enabled: true);
        var queued = status.Recorded - status.DroppedByReason.GetValueOrDefault(DropReason.QueueFull.Value) - statistics.Processed;
        var type = ProcessorType(signal);
        yield return new Measurement<long>(Math.Max(0, queued), new TagList { { "otel.component.type", type }, { "otel.component.name", type + "/0" } });
    }

    private IEnumerable<Measurement<long>> QueueCapacity(SignalType signal)
    {
        if (!Enabled(signal))
        {
            yield break;
        }

        var type = ProcessorType(signal);
        yield return new Measurement<long>(_config.Batch.MaxQueueSize, new TagList { { "otel.component.type", type }, { "otel.component.name", type + "/0" } });
    }

    private IEnumerable<Measurement<long>> LogsCreated()
    {
        if (Enabled(SignalType.Logs))
        {
            yield return new Measurement<long>(_accounting.Logs.Snapshot(enabled: true).Recorded);
        }
    }

    private IEnumerable<Measurement<long>> Dropped()
    {
        foreach (var signal in EnabledSignals())
        {
            foreach (var (reason, count) in _accounting.For(signal).Snapshot(enabled: true).DroppedByReason)
            {
                yield return new Measurement<long>(count, new TagList { { SignalAttribute, PersistentStore.SignalName(signal) }, { ErrorType, AttributeValue(reason) } });
            }
        }
    }

    private IEnumerable<Measurement<long>> Retries()
    {
        foreach (var signal in EnabledSignals())
        {
            var statistics = _accounting.For(signal);
            yield return new Measurement<long>(statistics.Retries, new TagList { { SignalAttribute, PersistentStore.SignalName(signal) }, { ErrorType, "transient" } });
            yield return new Measurement<long>(statistics.RateLimitedResends, new TagList { { SignalAttribute, PersistentStore.SignalName(signal) }, { ErrorType, "rate_limited" } });
        }
    }

    private IEnumerable<Measurement<long>> DiskSize()
    {
        if (_delivery.Store is { } store)
        {
            yield return new Measurement<long>(store.SizeBytes);
        }
    }

    private IEnumerable<Measurement<long>> DiskCapacity()
    {
        if (_delivery.Store is { } store)
        {
            yield return new Measurement<long>(store.MaxSizeBytes);
        }
    }

    private IEnumerable<Measurement<long>> DiskItems()
    {
        if (_delivery.Store is null)
        {
            yield break;
        }

        foreach (var signal in EnabledSignals())
        {
            yield return new Measurement<long>(_accounting.For(signal).Snapshot(enabled: true).Stored, new TagList { { SignalAttribute, PersistentStore.SignalName(signal) } });
        }
    }

    private IEnumerable<Measurement<long>> BreakerStates()
    {
        foreach (var signal in EnabledSignals())
        {
            if (_delivery.BreakerFor(signal) is not { } breaker)
            {
                continue;
            }

            var current = breaker.State;
            foreach (var state in States)
            {
                yield return new Measurement<long>(
                    state == current ? 1 : 0,
                    new TagList { { SignalAttribute, PersistentStore.SignalName(signal) }, { "telemetryflow.circuit_breaker.state", StateName(state) } });
            }
        }
    }

    private static string StateName(CircuitState state) => state switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "closed",
    };

    private IEnumerable<SignalType> EnabledSignals() =>
        new[] { SignalType.Traces, SignalType.Metrics, SignalType.Logs }.Where(Enabled);

    private string ExporterType(SignalType signal)
    {
        var transport = _config.Protocol == Protocol.Grpc ? "grpc" : "http";
        var kind = signal switch
        {
            SignalType.Traces => "span",
            SignalType.Metrics => "metric",
            _ => "log",
        };
        return $"otlp_{transport}_{kind}_exporter";
    }

    private static string ProcessorType(SignalType signal) => signal == SignalType.Traces ? "batching_span_processor" : "batching_log_processor";
}
