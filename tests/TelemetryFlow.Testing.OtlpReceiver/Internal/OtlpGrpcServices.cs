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
    public const string EncodingHeader = "grpc-encoding";

    /// <summary>Records the call; throws the scripted failure as an <see cref="RpcException"/> if one applies.</summary>
    public static void Receive(OtlpReceiver receiver, OtlpSignal signal, IMessage request, ServerCallContext context)
    {
        var http = context.GetHttpContext().Request;

        // Grpc.AspNetCore has already inflated the message (gzip is a default compression provider),
        // so only the header tells a test that the exporter compressed.
        var encoding = http.Headers[EncodingHeader].ToString();
        var failure = receiver.Receive(signal, OtlpTransport.Grpc, http, encoding.Length == 0 ? null : encoding, request, OtlpReceiver.CountItems(request));
        if (failure is not null)
        {
            throw new RpcException(new Grpc.Core.Status(failure.GrpcStatus, failure.Message), FailureMetadata(failure));
        }
    }

    /// <summary>What a scripted failure sends besides its status and message: retry hints and the status details.</summary>
    public static Metadata FailureMetadata(OtlpFailure failure)
    {
        var details = new TelemetryFlow.Testing.Otlp.Rpc.Status { Code = (int)failure.GrpcStatus, Message = failure.Message };
        var metadata = new Metadata();
        if (failure.RetryAfter is { } delay)
        {
            // Two spellings of the same hint: gRPC's own retry throttling header, and the RetryInfo detail that the
            // OTLP specification asks exporters to honour for RESOURCE_EXHAUSTED/UNAVAILABLE.
            var milliseconds = (long)Math.Ceiling(delay.TotalMilliseconds);
            metadata.Add("grpc-retry-pushback-ms", milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            details.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        // '-bin' keys are sent base64-encoded, as the gRPC spec requires.
        metadata.Add("grpc-status-details-bin", details.ToByteArray());
        return metadata;
    }
}
