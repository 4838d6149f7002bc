using Google.Protobuf;
using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Otlp.Collector.Logs.V1;
using TelemetryFlow.Testing.Otlp.Collector.Metrics.V1;
using TelemetryFlow.Testing.Otlp.Collector.Trace.V1;
using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Logs.V1;
using TelemetryFlow.Testing.Otlp.Metrics.V1;
using TelemetryFlow.Testing.Otlp.Resource.V1;
using TelemetryFlow.Testing.Otlp.Trace.V1;
using OtlpSpan = TelemetryFlow.Testing.Otlp.Trace.V1.Span;

namespace TelemetryFlow.Cli.Tests.Listen;

/// <summary>
/// A fixed trace, its logs and a few metrics, built as OTLP messages and decoded as the receiver decodes them:
/// <c>GET /db</c> (151 ms) with a 4.8 ms query that wrote a log, and a failing render.
/// </summary>
internal static class FixedTelemetry
{
    public const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    public const string OtherTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    public const string RootId = "00f067aa0ba902b7";
    public const string QueryId = "1111111111111111";
    public const string RenderId = "2222222222222222";
    public const string CacheId = "3333333333333333";
    public const ulong T0 = 1_764_000_000_000_000_000;

    public static readonly DateTimeOffset ReceivedAt = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public static ReceivedBatch Traces(params OtlpSpan[] spans) =>
        ReceivedBatch.Decode(new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    Resource = Resource("shop"),
                    ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "Shop" }, Spans = { spans } } },
                },
            },
        }, ReceivedAt);

    public static ReceivedBatch Logs(params LogRecord[] records) =>
        ReceivedBatch.Decode(new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new ResourceLogs
                {
                    Resource = Resource("shop"),
                    ScopeLogs = { new ScopeLogs { Scope = new InstrumentationScope { Name = "Shop.Db" }, LogRecords = { records } } },
                },
            },
        }, ReceivedAt);

    public static ReceivedBatch Metrics(params Metric[] metrics) =>
        ReceivedBatch.Decode(new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    Resource = Resource("shop"),
                    ScopeMetrics = { new ScopeMetrics { Scope = new InstrumentationScope { Name = "Shop" }, Metrics = { metrics } } },
                },
            },
        }, ReceivedAt);

    /// <summary>The trace: root 0-151 ms, query 2-6.8 ms with a log, render 10-150 ms failed, cache 20-30 ms under render.</summary>
    public static OtlpSpan[] ShopTrace() =>
    [
        Span(RenderId, RootId, "render", 10_000, 150_000, error: "template missing"),
        Span(QueryId, RootId, "SELECT orders", 2_000, 6_800),
        Span(RootId, parent: null, "GET /db", 0, 151_000),
        Span(CacheId, RenderId, "cache.get", 20_000, 30_000, events: [Event("cache.miss", 25_000, ("key", "orders:42"))]),
    ];

    public static LogRecord[] ShopLogs() =>
    [
        Log(TraceId, QueryId, 3_000, SeverityNumber.Info, "Information", "query ran in 4.8 ms"),
        Log(TraceId, RenderId, 149_000, SeverityNumber.Error, "Error", "render failed"),
    ];

    public static OtlpSpan Span(string id, string? parent, string name, ulong startMicros, ulong endMicros, string? error = null, OtlpSpan.Types.Event[]? events = null, string traceId = TraceId)
    {
        var span = new OtlpSpan
        {
            TraceId = Bytes(traceId),
            SpanId = Bytes(id),
            Name = name,
            Kind = OtlpSpan.Types.SpanKind.Internal,
            StartTimeUnixNano = T0 + (startMicros * 1_000),
            EndTimeUnixNano = T0 + (endMicros * 1_000),
        };
        if (parent is not null)
        {
            span.ParentSpanId = Bytes(parent);
        }

        if (error is not null)
        {
            span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = error };
        }

        span.Events.AddRange(events ?? []);
        return span;
    }

    public static OtlpSpan.Types.Event Event(string name, ulong atMicros, params (string Key, string Value)[] attributes)
    {
        var e = new OtlpSpan.Types.Event { Name = name, TimeUnixNano = T0 + (atMicros * 1_000) };
        e.Attributes.AddRange(attributes.Select(a => new KeyValue { Key = a.Key, Value = new AnyValue { StringValue = a.Value } }));
        return e;
    }

    public static LogRecord Log(string? traceId, string? spanId, ulong atMicros, SeverityNumber severity, string severityText, string body)
    {
        var record = new LogRecord
        {
            TimeUnixNano = T0 + (atMicros * 1_000),
            SeverityNumber = severity,
            SeverityText = severityText,
            Body = new AnyValue { StringValue = body },
        };
        if (traceId is not null)
        {
            record.TraceId = Bytes(traceId);
        }

        if (spanId is not null)
        {
            record.SpanId = Bytes(spanId);
        }

        return record;
    }

    public static Metric Counter(string name, long value, params (string Key, string Value)[] attributes) => new()
    {
        Name = name,
        Unit = "{request}",
        Sum = new Sum
        {
            IsMonotonic = true,
            AggregationTemporality = AggregationTemporality.Cumulative,
            DataPoints = { Point(attributes, p => p.AsInt = value) },
        },
    };

    public static Metric Gauge(string name, double value) => new()
    {
        Name = name,
        Gauge = new Gauge { DataPoints = { Point([], p => p.AsDouble = value) } },
    };

    public static Metric Histogram(string name, ulong count, double sum, double min, double max) => new()
    {
        Name = name,
        Unit = "ms",
        Histogram = new Histogram
        {
            AggregationTemporality = AggregationTemporality.Cumulative,
            DataPoints = { new HistogramDataPoint { Count = count, Sum = sum, Min = min, Max = max, TimeUnixNano = T0 } },
        },
    };

    private static NumberDataPoint Point((string Key, string Value)[] attributes, Action<NumberDataPoint> value)
    {
        var point = new NumberDataPoint { TimeUnixNano = T0 };
        point.Attributes.AddRange(attributes.Select(a => new KeyValue { Key = a.Key, Value = new AnyValue { StringValue = a.Value } }));
        value(point);
        return point;
    }

    private static Resource Resource(string service) => new()
    {
        Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } } },
    };

    private static ByteString Bytes(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));
}
