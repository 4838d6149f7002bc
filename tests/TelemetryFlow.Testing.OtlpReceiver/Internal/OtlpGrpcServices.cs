using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TelemetryFlow.Testing.Otlp.Collector.Logs.V1;
using TelemetryFlow.Testing.Otlp.Collector.Metrics.V1;
using TelemetryFlow.Testing.Otlp.Collector.Trace.V1;
using TelemetryFlow.Testing.Otlp.Rpc;

namespace TelemetryFlow.Testing.Internal;

internal sealed class TraceExportService(OtlpReceiver receiver) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        OtlpGrpc.Receive(receiver, OtlpSignal.Traces, request, context);
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

/// <summary>
/// The trace service of a receiver that only counts spans (<see cref="OtlpReceiverOptions.CountSpansOnly"/>): bound to
/// the same gRPC method as <see cref="TraceExportService"/>, but its request marshaller counts the spans of the
/// (already inflated) payload instead of parsing it into an <see cref="ExportTraceServiceRequest"/>.
/// </summary>
internal sealed class CountingTraceExportService(OtlpReceiver receiver) : CountingTraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(CountedTraceRequest request, ServerCallContext context)
    {
        OtlpGrpc.Receive(receiver, OtlpSignal.Traces, message: null, request.SpanCount, context);
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

/// <summary>
/// Written like the generated <see cref="TraceService.TraceServiceBase"/>, because Grpc.AspNetCore binds a service
/// through that shape: the attribute names the bind method, and the handler must override an abstract or virtual
/// method of the attributed class with the rpc's name.
/// </summary>
[BindServiceMethod(typeof(CountingTraceServiceBase), nameof(BindService))]
internal abstract class CountingTraceServiceBase
{
    private static readonly Method<CountedTraceRequest, ExportTraceServiceResponse> ExportMethod = new(
        MethodType.Unary,
        TraceService.Descriptor.FullName,
        nameof(Export),
        new Marshaller<CountedTraceRequest>(
            (_, _) => throw new NotSupportedException("A receiver only deserializes requests."),
            context => new CountedTraceRequest(OtlpSpanCounter.CountSpans(context.PayloadAsReadOnlySequence()))),
        new Marshaller<ExportTraceServiceResponse>(response => response.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    public static void BindService(ServiceBinderBase binder, CountingTraceServiceBase? service) =>
        binder.AddMethod(ExportMethod, (UnaryServerMethod<CountedTraceRequest, ExportTraceServiceResponse>?)null);

    public abstract Task<ExportTraceServiceResponse> Export(CountedTraceRequest request, ServerCallContext context);
}

/// <summary>What a counting receiver keeps of a gRPC trace request: one object per request, nothing per span.</summary>
internal sealed record CountedTraceRequest(int SpanCount);

internal sealed class MetricsExportService(OtlpReceiver receiver) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        OtlpGrpc.Receive(receiver, OtlpSignal.Metrics, request, context);
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}

internal sealed class LogsExportService(OtlpReceiver receiver) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        OtlpGrpc.Receive(receiver, OtlpSignal.Logs, request, context);
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}

internal static class OtlpGrpc
{
    /// <summary>Records the call; throws the scripted failure as an <see cref="RpcException"/> if one applies.</summary>
    public static void Receive(OtlpReceiver receiver, OtlpSignal signal, IMessage request, ServerCallContext context) =>
        Receive(receiver, signal, request, OtlpReceiver.CountItems(request), context);

    /// <summary>
    /// Records a call whose items were counted, and decoded into <paramref name="message"/> unless it is
    /// <see langword="null"/>; throws the scripted failure as an <see cref="RpcException"/> if one applies.
    /// </summary>
    public static void Receive(OtlpReceiver receiver, OtlpSignal signal, IMessage? message, int itemCount, ServerCallContext context)
    {
        var http = context.GetHttpContext().Request;

        // Grpc.AspNetCore has already inflated the message (gzip is a default compression provider),
        // so only the header tells a test that the exporter compressed.
        var encoding = http.Headers["grpc-encoding"].ToString();
        var failure = receiver.Receive(signal, OtlpTransport.Grpc, http, encoding.Length == 0 ? null : encoding, message, itemCount);
        if (failure is not null)
        {
            throw ToRpcException(failure);
        }
    }

    private static RpcException ToRpcException(OtlpFailure failure)
    {
        var details = new TelemetryFlow.Testing.Otlp.Rpc.Status { Code = (int)failure.GrpcStatus, Message = failure.Message };
        var trailers = new Metadata();
        if (failure.RetryAfter is { } delay)
        {
            // Two spellings of the same hint: gRPC's own retry throttling header, and the RetryInfo detail that the
            // OTLP specification asks exporters to honour for RESOURCE_EXHAUSTED/UNAVAILABLE.
            var milliseconds = (long)Math.Ceiling(delay.TotalMilliseconds);
            trailers.Add("grpc-retry-pushback-ms", milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            details.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        // '-bin' keys are sent base64-encoded by Grpc.AspNetCore, as the gRPC spec requires.
        trailers.Add("grpc-status-details-bin", details.ToByteArray());
        return new RpcException(new Grpc.Core.Status(failure.GrpcStatus, failure.Message), trailers);
    }
}
