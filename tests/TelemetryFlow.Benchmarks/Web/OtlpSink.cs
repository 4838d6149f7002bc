using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Testing;
using TelemetryFlow.Testing.Otlp.Collector.Metrics.V1;
using TelemetryFlow.Testing.Otlp.Collector.Trace.V1;

namespace TelemetryFlow.Benchmarks.Web;

/// <summary>What a <see cref="OtlpSink"/> received, decoded.</summary>
/// <param name="SpansByName">Spans per name.</param>
/// <param name="LastIntSums">Per sum metric name, the total of its data points in the last export that carried it.</param>
/// <param name="LastHistogramCounts">Per histogram name, the total count of its data points in the last export that carried it.</param>
internal sealed record SinkContents(IReadOnlyDictionary<string, long> SpansByName, IReadOnlyDictionary<string, long> LastIntSums, IReadOnlyDictionary<string, long> LastHistogramCounts);

/// <summary>
/// An OTLP endpoint (gRPC and HTTP/protobuf, on 127.0.0.1) that answers every export with success and keeps the raw
/// request bodies, decoding them only when <see cref="Decode"/> is called. It stands for a collector in another process:
/// the exporting app pays for serializing, compressing and sending, as against a real collector, but not for decoding,
/// which <see cref="OtlpReceiver"/> does for every span on the spot, on the same cores as the app under test. Nor does
/// the app trace or measure the sink's requests, as it would not a collector's: see <see cref="HideFromInstrumentation"/>.
/// </summary>
internal sealed class OtlpSink : IAsyncDisposable
{
    private const string GrpcContentType = "application/grpc";
    private const string ProtobufContentType = "application/x-protobuf";
    private const int GrpcPrefixLength = 5;

    /// <summary>The name of the sink's diagnostic listener and activity source, and the prefix of its meters' names.</summary>
    private const string PrivateName = "TelemetryFlow.Benchmarks.OtlpSink";

    // An empty, uncompressed gRPC message: the serialized form of an empty Export*ServiceResponse.
    private static readonly byte[] EmptyGrpcMessage = new byte[GrpcPrefixLength];

    private readonly Lock _gate = new();
    private readonly List<(OtlpSignal Signal, bool Grpc, bool Gzip, byte[] Body)> _exports = [];
    private WebApplication? _app;

    private OtlpSink()
    {
    }

    public Uri GrpcEndpoint { get; private set; } = null!;

    /// <summary>The base address; the SDK appends the signal path (<c>v1/traces</c>, …) for HTTP/protobuf.</summary>
    public Uri HttpEndpoint { get; private set; } = null!;

    public static async Task<OtlpSink> StartAsync(CancellationToken cancellationToken)
    {
        var sink = new OtlpSink();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        HideFromInstrumentation(builder.Services);
        ListenOptions? grpc = null;
        ListenOptions? http = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Cleartext gRPC clients use prior-knowledge HTTP/2, which Kestrel only offers on HTTP/2-only endpoints.
            kestrel.Listen(IPAddress.Loopback, 0, listen => (grpc = listen).Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => (http = listen).Protocols = HttpProtocols.Http1AndHttp2);
        });

        var app = builder.Build();
        foreach (var (signal, service, path) in (ReadOnlySpan<(OtlpSignal, string, string)>)[
            (OtlpSignal.Traces, "trace.v1.TraceService", "traces"),
            (OtlpSignal.Metrics, "metrics.v1.MetricsService", "metrics"),
            (OtlpSignal.Logs, "logs.v1.LogsService", "logs")])
        {
            app.MapPost($"/opentelemetry.proto.collector.{service}/Export", context => sink.ReceiveAsync(context, signal, grpc: true));
            app.MapPost($"/v1/{path}", context => sink.ReceiveAsync(context, signal, grpc: false));
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Kestrel writes the endpoint it actually bound back into its ListenOptions, which is how port 0 is resolved.
        sink._app = app;
        sink.GrpcEndpoint = new Uri($"http://127.0.0.1:{grpc!.IPEndPoint!.Port}/");
        sink.HttpEndpoint = new Uri($"http://127.0.0.1:{http!.IPEndPoint!.Port}/");
        return sink;
    }

    public Uri EndpointFor(Protocol protocol) => protocol == Protocol.Grpc ? GrpcEndpoint : HttpEndpoint;

    /// <summary>Forgets everything received.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _exports.Clear();
        }
    }

    /// <summary>Decodes every trace and metric export received so far (logs are kept but not decoded).</summary>
    public SinkContents Decode()
    {
        (OtlpSignal Signal, bool Grpc, bool Gzip, byte[] Body)[] exports;
        lock (_gate)
        {
            exports = [.. _exports];
        }

        var spans = new Dictionary<string, long>(StringComparer.Ordinal);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        var histograms = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (signal, grpc, gzip, body) in exports)
        {
            switch (signal)
            {
                case OtlpSignal.Traces:
                    var traces = ExportTraceServiceRequest.Parser.ParseFrom(Payload(body, grpc, gzip));
                    foreach (var span in traces.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
                    {
                        spans[span.Name] = spans.GetValueOrDefault(span.Name) + 1;
                    }

                    break;
                case OtlpSignal.Metrics:
                    // Exports arrive in order on one connection, and with cumulative temporality the last one holds the total.
                    var metrics = ExportMetricsServiceRequest.Parser.ParseFrom(Payload(body, grpc, gzip));
                    foreach (var metric in metrics.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
                    {
                        if (metric.Sum is { } sum)
                        {
                            sums[metric.Name] = sum.DataPoints.Sum(p => p.AsInt);
                        }
                        else if (metric.Histogram is { } histogram)
                        {
                            histograms[metric.Name] = histogram.DataPoints.Sum(p => (long)p.Count);
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        return new SinkContents(spans, sums, histograms);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gives the sink's host a diagnostic listener, an activity source and meters under names of their own. ASP.NET Core
    /// reports each request on those of its host, named <c>Microsoft.AspNetCore</c> (and <c>Microsoft.AspNetCore.Hosting</c>,
    /// <c>…Server.Kestrel</c>, … for the meters) in every host, and tracer and meter providers subscribe by name, not by
    /// host. So while the OpenTelemetry app runs, its ASP.NET Core instrumentation would trace and measure every export it
    /// sends here: a <c>POST /v1/traces</c> span exported with its own, which makes another export, and the exports
    /// counted in its <c>http.server.request.duration</c>. While the TelemetryFlow app runs, its tracer provider would
    /// create an activity per export (the SDK exports only its own host's spans, but the activities are created). A
    /// collector in another process costs the app neither. Registered last, these win over the host's defaults.
    /// </summary>
    private static void HideFromInstrumentation(IServiceCollection services)
    {
        services.AddSingleton(_ => new DiagnosticListener(PrivateName));
        services.AddSingleton<DiagnosticSource>(provider => provider.GetRequiredService<DiagnosticListener>());
        services.AddSingleton(_ => new ActivitySource(PrivateName));
        services.AddSingleton<IMeterFactory, PrivateMeterFactory>();
    }

    /// <summary>The protobuf message in a request body: after the 5-byte gRPC prefix for gRPC, inflated when compressed.</summary>
    private static byte[] Payload(byte[] body, bool grpc, bool gzip)
    {
        var message = body.AsSpan();
        if (grpc)
        {
            gzip = message[0] == 1;
            message = message.Slice(GrpcPrefixLength, (int)BinaryPrimitives.ReadUInt32BigEndian(message[1..GrpcPrefixLength]));
        }

        if (!gzip)
        {
            return message.ToArray();
        }

        using var compressed = new MemoryStream(message.ToArray());
        using var inflate = new GZipStream(compressed, CompressionMode.Decompress);
        using var plain = new MemoryStream();
        inflate.CopyTo(plain);
        return plain.ToArray();
    }

    private async Task ReceiveAsync(HttpContext context, OtlpSignal signal, bool grpc)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var gzip = string.Equals(context.Request.Headers.ContentEncoding.ToString(), "gzip", StringComparison.OrdinalIgnoreCase);
        lock (_gate)
        {
            _exports.Add((signal, grpc, gzip, body.ToArray()));
        }

        if (grpc)
        {
            context.Response.ContentType = GrpcContentType;
            await context.Response.Body.WriteAsync(EmptyGrpcMessage, context.RequestAborted).ConfigureAwait(false);
            context.Response.AppendTrailer("grpc-status", "0");
        }
        else
        {
            // An empty body is the serialized form of an empty Export*ServiceResponse.
            context.Response.ContentType = ProtobufContentType;
        }
    }

    /// <summary>Creates the sink host's meters under <see cref="PrivateName"/>-prefixed names; disposes them with the host.</summary>
    private sealed class PrivateMeterFactory : IMeterFactory
    {
        private readonly Lock _gate = new();
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions($"{PrivateName}.{options.Name}")
            {
                Version = options.Version,
                Tags = options.Tags,
                Scope = this,
            });
            lock (_gate)
            {
                _meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                foreach (var meter in _meters)
                {
                    meter.Dispose();
                }

                _meters.Clear();
            }
        }
    }
}
