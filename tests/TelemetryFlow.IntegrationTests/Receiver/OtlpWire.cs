using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using TelemetryFlow.Testing.Otlp.Collector.Logs.V1;
using TelemetryFlow.Testing.Otlp.Collector.Trace.V1;
using TelemetryFlow.Testing.Otlp.Common.V1;
using TelemetryFlow.Testing.Otlp.Logs.V1;
using TelemetryFlow.Testing.Otlp.Resource.V1;
using TelemetryFlow.Testing.Otlp.Trace.V1;

namespace TelemetryFlow.IntegrationTests.Receiver;

/// <summary>
/// Hand-rolled OTLP clients for what the OpenTelemetry exporter cannot be made to do on demand (gzip bodies, reading
/// raw status trailers): these talk to the receiver exactly at the wire level.
/// </summary>
internal static class OtlpWire
{
    public const string TraceExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private static readonly HttpClient Client = new();

    public static ExportTraceServiceRequest TraceRequest(string spanName, string serviceName = "wire-tests") => new()
    {
        ResourceSpans =
        {
            new ResourceSpans
            {
                Resource = new Resource { Attributes = { Attribute("service.name", serviceName) } },
                ScopeSpans =
                {
                    new ScopeSpans
                    {
                        Scope = new InstrumentationScope { Name = "wire" },
                        Spans =
                        {
                            new Span
                            {
                                TraceId = ByteString.CopyFrom(Convert.FromHexString("0af7651916cd43dd8448eb211c80319c")),
                                SpanId = ByteString.CopyFrom(Convert.FromHexString("b7ad6b7169203331")),
                                Name = spanName,
                                Kind = Span.Types.SpanKind.Client,
                                StartTimeUnixNano = 1_700_000_000_000_000_000,
                                EndTimeUnixNano = 1_700_000_000_250_000_000,
                                Attributes = { Attribute("wire.gzip", new AnyValue { BoolValue = true }) },
                            },
                        },
                    },
                },
            },
        },
    };

    public static ExportLogsServiceRequest LogsRequest(string body, string serviceName = "wire-tests") => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = new Resource { Attributes = { Attribute("service.name", serviceName) } },
                ScopeLogs =
                {
                    new ScopeLogs
                    {
                        Scope = new InstrumentationScope { Name = "wire" },
                        LogRecords =
                        {
                            new LogRecord
                            {
                                TimeUnixNano = 1_700_000_000_000_000_000,
                                SeverityNumber = SeverityNumber.Info,
                                SeverityText = "Information",
                                Body = new AnyValue { StringValue = body },
                                Attributes = { Attribute("order.id", new AnyValue { IntValue = 42 }) },
                            },
                        },
                    },
                },
            },
        },
    };

    public static KeyValue Attribute(string key, string value) => Attribute(key, new AnyValue { StringValue = value });

    public static KeyValue Attribute(string key, AnyValue value) => new() { Key = key, Value = value };

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>POSTs a protobuf body to an OTLP/HTTP URL.</summary>
    public static Task<HttpResponseMessage> PostAsync(Uri url, byte[] body, string contentType = "application/x-protobuf", string? contentEncoding = null, IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        SendAsync(HttpMethod.Post, url, body, contentType, contentEncoding, headers);

    /// <summary>Sends any method to an OTLP/HTTP URL, with an optional body and request headers.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, byte[]? body, string contentType = "application/x-protobuf", string? contentEncoding = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (contentEncoding is not null)
            {
                request.Content.Headers.ContentEncoding.Add(contentEncoding);
            }
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>One unary gRPC call over cleartext HTTP/2 with prior knowledge, optionally gzip-compressing the message.</summary>
    public static Task<GrpcResult> CallGrpcAsync(Uri endpoint, string path, IMessage request, bool gzip = false, IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        CallGrpcAsync(endpoint, path, request.ToByteArray(), gzip, headers);

    /// <summary>One unary gRPC call carrying <paramref name="payload"/> as the encoded message, optionally gzip-compressed.</summary>
    public static async Task<GrpcResult> CallGrpcAsync(Uri endpoint, string path, byte[] payload, bool gzip = false, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        if (gzip)
        {
            payload = Gzip(payload);
        }

        // gRPC length-prefixed message: 1 byte compressed flag, 4 bytes big-endian length, then the message.
        var frame = new byte[5 + payload.Length];
        frame[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(frame, 5);

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        if (gzip)
        {
            message.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        }

        foreach (var (name, value) in headers ?? [])
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Client.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();

        // A call that fails before any message is a "trailers-only" response: the status arrives in the headers.
        var metadata = response.TrailingHeaders.Concat(response.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(",", g.First().Value), StringComparer.OrdinalIgnoreCase);
        var status = metadata.TryGetValue("grpc-status", out var code) ? int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) : -1;
        return new GrpcResult(response.StatusCode, status, metadata, body);
    }

    public static byte[] DecodeBinaryHeader(string value)
    {
        // gRPC allows unpadded base64 in '-bin' metadata.
        var padded = value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
        return Convert.FromBase64String(padded);
    }
}

internal sealed record GrpcResult(HttpStatusCode HttpStatus, int GrpcStatus, IReadOnlyDictionary<string, string> Metadata, byte[] Body)
{
    public string? this[string name] => Metadata.TryGetValue(name, out var value) ? value : null;
}
