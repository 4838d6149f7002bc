using Google.Protobuf;
using TelemetryFlow.Testing.Internal;
using TelemetryFlow.Testing.Otlp.Collector.Logs.V1;
using TelemetryFlow.Testing.Otlp.Collector.Metrics.V1;
using TelemetryFlow.Testing.Otlp.Collector.Trace.V1;
using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Resource.V1;

namespace TelemetryFlow.Testing;

/// <summary>
/// What one accepted export request carried, decoded: the argument of <see cref="OtlpReceiver.Arrived"/>. A request
/// carries one signal, so two of the three lists are always empty.
/// </summary>
public sealed class ReceivedBatch
{
    private ReceivedBatch(ReceivedRequest request, IReadOnlyList<ReceivedSpan> spans, IReadOnlyList<ReceivedMetric> metrics, IReadOnlyList<ReceivedLog> logs)
    {
        Request = request;
        Spans = spans;
        Metrics = metrics;
        Logs = logs;
    }

    /// <summary>The request that delivered the items.</summary>
    public ReceivedRequest Request { get; }

    /// <summary>
    /// The spans, in the order they were sent; empty for other signals and when the receiver only counts spans
    /// (<see cref="OtlpReceiverOptions.CountSpansOnly"/>; <see cref="ReceivedRequest.ItemCount"/> has the count).
    /// </summary>
    public IReadOnlyList<ReceivedSpan> Spans { get; }

    /// <summary>The metrics (one per metric stream block of the request), in the order they were sent.</summary>
    public IReadOnlyList<ReceivedMetric> Metrics { get; }

    /// <summary>The log records, in the order they were sent.</summary>
    public IReadOnlyList<ReceivedLog> Logs { get; }

    /// <summary>Decodes the items of <paramref name="request"/>'s message, each with its resource and scope.</summary>
    internal static ReceivedBatch From(ReceivedRequest request)
    {
        switch (request.Message)
        {
            case ExportTraceServiceRequest traces:
                return new(request, [.. traces.ResourceSpans.SelectMany(r => Scoped(request, r.Resource, r.ScopeSpans, s => s.Scope, (s, origin) => s.Spans.Select(span => new ReceivedSpan(span, origin))))], [], []);
            case ExportMetricsServiceRequest metrics:
                return new(request, [], [.. metrics.ResourceMetrics.SelectMany(r => Scoped(request, r.Resource, r.ScopeMetrics, s => s.Scope, (s, origin) => s.Metrics.Select(metric => new ReceivedMetric(metric, origin))))], []);
            case ExportLogsServiceRequest logs:
                return new(request, [], [], [.. logs.ResourceLogs.SelectMany(r => Scoped(request, r.Resource, r.ScopeLogs, s => s.Scope, (s, origin) => s.LogRecords.Select(record => new ReceivedLog(record, origin))))]);
            default:
                return new(request, [], [], []);
        }
    }

    /// <summary>Decodes an export request that did not come through a receiver, e.g. one built by a test.</summary>
    internal static ReceivedBatch Decode(IMessage message, DateTimeOffset receivedAt)
    {
        var signal = message switch
        {
            ExportTraceServiceRequest => OtlpSignal.Traces,
            ExportMetricsServiceRequest => OtlpSignal.Metrics,
            ExportLogsServiceRequest => OtlpSignal.Logs,
            _ => throw new ArgumentException($"Not an OTLP export request: {message.Descriptor.FullName}.", nameof(message)),
        };
        var request = new ReceivedRequest(
            signal,
            OtlpTransport.Http,
            string.Empty,
            new Dictionary<string, string>(),
            contentEncoding: null,
            receivedAt,
            System.Net.HttpStatusCode.OK,
            grpcStatus: null,
            message,
            OtlpReceiver.CountItems(message),
            error: null);
        return From(request);
    }

    // Resource attributes are converted once per resource block, shared by every item under it.
    private static IEnumerable<TItem> Scoped<TScope, TItem>(
        ReceivedRequest request,
        Resource? resource,
        IEnumerable<TScope> scopes,
        Func<TScope, InstrumentationScope?> scopeOf,
        Func<TScope, TelemetryOrigin, IEnumerable<TItem>> items)
    {
        var resourceAttributes = OtlpValues.ToDictionary(resource?.Attributes ?? Enumerable.Empty<KeyValue>());
        return scopes.SelectMany(scope => items(scope, new TelemetryOrigin(request, resource, scopeOf(scope), resourceAttributes)));
    }
}
