using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Resource.V1;
using Xunit.Abstractions;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace TelemetryFlow.IntegrationTests.Receiver;

/// <summary>
/// The receiver's counting mode (<see cref="OtlpReceiverOptions.CountSpansOnly"/>): spans are counted from the wire,
/// not decoded, and the counts must be exact, because load tests compute drops from them.
/// </summary>
public sealed class OtlpReceiverCountingTests(ITestOutputHelper output)
{
    /// <summary>Spans in <see cref="TrickyRequest"/>.</summary>
    private const int TrickyRequestSpans = 5;

    private static readonly OtlpReceiverOptions Counting = new() { CountSpansOnly = true };

    public static TheoryData<OtlpExportProtocol, bool> ProtocolsAndGzip => new()
    {
        { OtlpExportProtocol.Grpc, false },
        { OtlpExportProtocol.Grpc, true },
        { OtlpExportProtocol.HttpProtobuf, false },
        { OtlpExportProtocol.HttpProtobuf, true },
    };

    [Theory]
    [MemberData(nameof(ProtocolsAndGzip))]
    public async Task CountSpansOnly_OtelExporterBatches_CountsEverySpanWithoutDecoding(OtlpExportProtocol protocol, bool gzip)
    {
        const int SpanCount = 1_234; // 12 full batches of 100 and a partial one
        await using var receiver = await OtlpReceiver.StartAsync(Counting);
        var sourceName = $"TelemetryFlow.IntegrationTests.counting.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);

        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .AddSource(sourceName)
                   .AddOtlpExporter(o =>
                   {
                       o.Protocol = protocol;
                       o.Endpoint = protocol == OtlpExportProtocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpEndpointFor(OtlpSignal.Traces);
                       o.Compression = gzip ? OtlpExportCompression.GZip : OtlpExportCompression.None;
                       o.ExportProcessorType = ExportProcessorType.Batch;
                       o.BatchExportProcessorOptions = new BatchExportProcessorOptions<Activity>
                       {
                           MaxQueueSize = 2_048,
                           MaxExportBatchSize = 100,
                           ScheduledDelayMilliseconds = 50,
                       };
                   })
                   .Build())
        {
            for (var i = 0; i < SpanCount; i++)
            {
                using var activity = source.StartActivity("counted");
                activity?.SetTag("index", i);
            }

            Assert.True(provider.ForceFlush());
        }

        await receiver.WaitUntilAsync(r => r.AcceptedSpanCount >= SpanCount);
        output.WriteLine(receiver.Summarize());

        Assert.Equal(SpanCount, receiver.AcceptedSpanCount);
        Assert.Empty(receiver.Spans);
        Assert.True(receiver.Requests.Count >= 13, $"{receiver.Requests.Count} requests");
        Assert.All(receiver.Requests, request =>
        {
            Assert.Equal(OtlpSignal.Traces, request.Signal);
            Assert.Equal(protocol == OtlpExportProtocol.Grpc ? OtlpTransport.Grpc : OtlpTransport.Http, request.Transport);
            Assert.True(request.Accepted);
            Assert.Null(request.Message);
            Assert.Equal(gzip ? "gzip" : null, request.ContentEncoding);
        });
        Assert.Equal(SpanCount, receiver.Requests.Sum(r => r.ItemCount));
    }

    [Theory]
    [MemberData(nameof(ProtocolsAndGzip))]
    public async Task CountSpansOnly_UnusualButValidWire_CountsWhatTheDecodingReceiverDecodes(OtlpExportProtocol protocol, bool gzip)
    {
        await using var counting = await OtlpReceiver.StartAsync(Counting);
        await using var decoding = await OtlpReceiver.StartAsync();
        var body = TrickyRequest();

        foreach (var receiver in (OtlpReceiver[])[counting, decoding])
        {
            Assert.True(await SendTracesAsync(receiver, protocol, body, gzip));
        }

        // The generated parser is the reference: same bytes, same count.
        Assert.Equal(TrickyRequestSpans, decoding.Spans.Count);
        Assert.Equal(TrickyRequestSpans, decoding.AcceptedSpanCount);
        Assert.Equal(TrickyRequestSpans, Assert.Single(decoding.Requests).ItemCount);
        Assert.Equal(TrickyRequestSpans, counting.AcceptedSpanCount);
        var request = Assert.Single(counting.Requests);
        Assert.Equal(TrickyRequestSpans, request.ItemCount);
        Assert.Null(request.Message);
        Assert.Equal(gzip ? "gzip" : null, request.ContentEncoding);
        Assert.Contains("Traces: 5 spans (counted only, not decoded) from 1 request", counting.Summarize(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task CountSpansOnly_TruncatedBody_IsRefusedAndNotCounted(OtlpExportProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync(Counting);
        var body = TrickyRequest();

        Assert.False(await SendTracesAsync(receiver, protocol, body[..^3], gzip: false));

        Assert.Equal(0, receiver.AcceptedSpanCount);
        if (protocol == OtlpExportProtocol.HttpProtobuf)
        {
            // gRPC answers INTERNAL without recording the call, as Grpc.AspNetCore does when decoding; HTTP records the refusal.
            var refused = Assert.Single(receiver.Requests);
            Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatus);
            Assert.Contains("not a valid ExportTraceServiceRequest", refused.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task CountSpansOnly_ScriptedFailure_IsAnsweredRecordedAndNotCounted(OtlpExportProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync(Counting);
        receiver.EnqueueFailure(OtlpFailure.Unavailable());
        var body = TrickyRequest();

        Assert.False(await SendTracesAsync(receiver, protocol, body, gzip: true));
        Assert.True(await SendTracesAsync(receiver, protocol, body, gzip: true));

        Assert.Collection(
            receiver.Requests,
            failed =>
            {
                Assert.False(failed.Accepted);
                Assert.Equal(TrickyRequestSpans, failed.ItemCount);
                Assert.Equal(protocol == OtlpExportProtocol.Grpc ? GrpcStatusCode.Unavailable : null, failed.GrpcStatus);
            },
            accepted => Assert.True(accepted.Accepted));
        Assert.Equal(TrickyRequestSpans, receiver.AcceptedSpanCount);

        receiver.Clear();
        Assert.Equal(0, receiver.AcceptedSpanCount);
    }

    [Fact]
    public async Task CountSpansOnly_WaitForSpansAsync_ThrowsPointingToAcceptedSpanCount()
    {
        await using var receiver = await OtlpReceiver.StartAsync(Counting);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => receiver.WaitForSpansAsync(1));

        Assert.Contains(nameof(OtlpReceiver.AcceptedSpanCount), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountSpansOnly_Logs_AreStillDecoded()
    {
        await using var receiver = await OtlpReceiver.StartAsync(Counting);

        using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Logs), OtlpWire.LogsRequest("still decoded").ToByteArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("still decoded", Assert.Single(receiver.Logs).BodyText);
    }

    /// <summary>Sends an encoded trace request the way <paramref name="protocol"/> would; true when it was accepted.</summary>
    private static async Task<bool> SendTracesAsync(OtlpReceiver receiver, OtlpExportProtocol protocol, byte[] body, bool gzip)
    {
        if (protocol == OtlpExportProtocol.Grpc)
        {
            var result = await OtlpWire.CallGrpcAsync(receiver.GrpcEndpoint, OtlpWire.TraceExportPath, body, gzip);
            return result.GrpcStatus == 0;
        }

        using var response = await OtlpWire.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), gzip ? OtlpWire.Gzip(body) : body, contentEncoding: gzip ? "gzip" : null);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>
    /// A valid <c>ExportTraceServiceRequest</c> of <see cref="TrickyRequestSpans"/> spans, written field by field with
    /// what a generated parser accepts but an exporter rarely sends: several resources and scopes, empty ones, an empty
    /// span, unknown fields of every wire type at every level (a group among them, holding a field numbered like
    /// <c>spans</c>), and a field 2 that is not length-delimited where <c>scope_spans</c> and <c>spans</c> are field 2.
    /// </summary>
    private static byte[] TrickyRequest()
    {
        var resource = new Resource { Attributes = { OtlpWire.Attribute("service.name", "counting-tests") } }.ToByteArray();
        var scope = new InstrumentationScope { Name = "counting" }.ToByteArray();
        var span = OtlpWire.TraceRequest("tricky").ResourceSpans[0].ScopeSpans[0].Spans[0].ToByteArray();

        return Concat(
            Embedded(1, // resource_spans: 4 spans
                Embedded(1, resource),
                Embedded(2, Embedded(1, scope), Embedded(2, span), Embedded(2, span), Varint(99, 7)),
                Varint(2, 5),
                Embedded(2),
                Embedded(3, "https://opentelemetry.io/schemas/1.0.0"u8.ToArray()),
                Embedded(2, Embedded(2, span), Fixed64(50), Group(51, Varint(1, 1), Embedded(2, span)), Fixed32(52), Embedded(2, span))),
            Fixed32(77),
            Embedded(1, Embedded(2, Embedded(2))), // one empty span
            Embedded(1));
    }

    private static byte[] Embedded(int field, params byte[][] content)
    {
        var body = Concat(content);
        return Concat(Tag(field, 2), VarintBytes((ulong)body.Length), body);
    }

    private static byte[] Varint(int field, ulong value) => Concat(Tag(field, 0), VarintBytes(value));

    private static byte[] Fixed64(int field) => Concat(Tag(field, 1), new byte[8]);

    private static byte[] Fixed32(int field) => Concat(Tag(field, 5), new byte[4]);

    private static byte[] Group(int field, params byte[][] content) => Concat(Tag(field, 3), Concat(content), Tag(field, 4));

    private static byte[] Tag(int field, int wireType) => VarintBytes(((ulong)field << 3) | (uint)wireType);

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var next = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? next : (byte)(next | 0x80));
        }
        while (value != 0);

        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
