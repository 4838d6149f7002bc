using System.Net;
using System.Net.Http.Headers;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// Sends a stored batch to the backend the configuration names now, over the protocol it names now:
/// OTLP/HTTP with <c>application/x-protobuf</c>, or gRPC as an HTTP/2 request with <c>application/grpc</c>,
/// <c>te: trailers</c> and the status read from the headers or trailers. The credential headers come
/// from the configuration, through the same <see cref="ExportRequestHandler"/> the exporters use.
/// </summary>
internal sealed class StoredBatchSender : IDisposable
{
    private static readonly MediaTypeHeaderValue ProtobufMediaType = new("application/x-protobuf");
    private static readonly MediaTypeHeaderValue GrpcMediaType = new(ExportFailureClassifier.GrpcContentType);

    private readonly TelemetryConfig _config;
    private readonly HttpClient _client;
    private readonly RequestBudget? _requestBudget;

    public StoredBatchSender(TelemetryConfig config, RequestBudget? requestBudget = null, HttpMessageHandler? transport = null)
    {
        _config = config;
        _requestBudget = requestBudget;
        var signalHeaders = new[] { SignalType.Traces, SignalType.Metrics, SignalType.Logs }.ToDictionary(signal => signal, config.GetExportHeaders);
        var handler = new ExportRequestHandler(config.ExportHeaders, statistics: null, transport ?? OtlpExporterOptionsFactory.CreateTransport(), signalHeaders);
        _client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = config.ExportTimeout,
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd($"{TelemetryConfig.DistroName}/{TelemetryConfig.DistroVersion}");
    }

    /// <summary>The gRPC method path of a signal's OTLP export service.</summary>
    public static string GrpcPath(SignalType signal) => signal switch
    {
        SignalType.Traces => "opentelemetry.proto.collector.trace.v1.TraceService/Export",
        SignalType.Metrics => "opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
        SignalType.Logs => "opentelemetry.proto.collector.logs.v1.LogsService/Export",
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Pass exactly one of Traces, Metrics or Logs."),
    };

    /// <summary>
    /// Takes a request from the API key's budget; <see langword="false"/> when the budget says wait (the batch stays on
    /// disk for a later pass: the live exports come first, and waiting is no failure of the backend).
    /// </summary>
    public bool TryTakeBudget() => _requestBudget is null || _requestBudget.TryTake() == TimeSpan.Zero;

    /// <summary>Sends the batch once; returns how that went (<see cref="FailureKind.None"/>: delivered).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FailureKind> SendAsync(StoredBatch batch, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(batch);
        try
        {
            // The whole body is read before this returns, so gRPC trailers are there to classify.
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            _requestBudget?.Observe(response);
            return ExportFailureClassifier.Classify(response);
        }
        catch (HttpRequestException ex)
        {
            return ExportFailureClassifier.Classify(ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FailureKind.Transient;
        }
    }

    public HttpRequestMessage CreateRequest(StoredBatch batch)
    {
        var request = CreateRequestFor(batch);
        request.Options.Set(ExportRequestHandler.SignalOption, batch.Signal);
        return request;
    }

    private HttpRequestMessage CreateRequestFor(StoredBatch batch)
    {
        var endpoint = _config.GetSignalEndpoint(batch.Signal);
        if (_config.Protocol != Protocol.Grpc)
        {
            var content = new ReadOnlyMemoryContent(batch.Payload);
            content.Headers.ContentType = ProtobufMediaType;
            if (batch.Gzip)
            {
                content.Headers.ContentEncoding.Add("gzip");
            }

            return new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        }

        var grpc = new ByteArrayContent(batch.ToGrpcBody());
        grpc.Headers.ContentType = GrpcMediaType;
        var request = new HttpRequestMessage(HttpMethod.Post, AppendPath(endpoint, GrpcPath(batch.Signal)))
        {
            Content = grpc,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        // Some servers abort gRPC calls without it.
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        if (batch.Gzip)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        }

        return request;
    }

    public void Dispose() => _client.Dispose();

    private static Uri AppendPath(Uri endpoint, string path)
    {
        var current = endpoint.AbsolutePath;
        if (current.EndsWith(path, StringComparison.Ordinal))
        {
            return endpoint;
        }

        return new UriBuilder(endpoint) { Path = current.TrimEnd('/') + "/" + path }.Uri;
    }
}
