using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
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

    /// <summary>
    /// Records the call; throws an <see cref="RpcException"/> when the message is too large (collector mode), the key is
    /// over its rate limit, or a scripted failure applies.
    /// </summary>
    public static void Receive(OtlpReceiver receiver, OtlpSignal signal, IMessage request, ServerCallContext context)
    {
        var http = context.GetHttpContext().Request;

        // Grpc.AspNetCore has already inflated the message (gzip is a default compression provider),
        // so only the header tells a test that the exporter compressed.
        var header = http.Headers[EncodingHeader].ToString();
        var encoding = header.Length == 0 ? null : header;
        Admit(receiver, signal, http, encoding, request.CalculateSize());

        var failure = receiver.Receive(signal, OtlpTransport.Grpc, http, encoding, request, OtlpReceiver.CountItems(request));
        if (failure is not null)
        {
            throw new RpcException(new Grpc.Core.Status(failure.GrpcStatus, failure.Message), FailureMetadata(failure));
        }
    }

    /// <summary>
    /// The checks before a call's data is taken: the collector's size limit on the decompressed message, then the rate
    /// limit. A refused call is recorded and thrown as an <see cref="RpcException"/>.
    /// </summary>
    public static void Admit(OtlpReceiver receiver, OtlpSignal signal, HttpRequest http, string? encoding, long messageSize)
    {
        var options = receiver.Options;
        if (options.Mode == OtlpReceiverMode.TelemetryFlowCollector && messageSize > options.MaxGrpcMessageSize)
        {
            // grpc-go's wording, for the check it makes after inflating a message.
            var error = string.Create(CultureInfo.InvariantCulture, $"grpc: received message after decompression larger than max ({messageSize} vs. {options.MaxGrpcMessageSize})");
            receiver.Refuse(signal, http, encoding, StatusCode.ResourceExhausted, error);
            throw new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, error));
        }

        if (receiver.AcquireRateLimit(http) is not { } decision)
        {
            return;
        }

        if (decision.Allowed)
        {
            // Response headers: Grpc.AspNetCore has not sent them yet, and sends these along.
            decision.WriteHeaders(http.HttpContext.Response.Headers);
            return;
        }

        receiver.Refuse(signal, http, encoding, StatusCode.ResourceExhausted, decision.Message, rateLimited: true);
        var metadata = FailureMetadata(OtlpFailure.TooManyRequests(decision.RetryAfter) with { Message = decision.Message });
        decision.WriteMetadata(metadata);
        throw new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, decision.Message), metadata);
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
