using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// Delivers one OTLP export request (gRPC and HTTP alike; it sits in the HttpClient the exporter sends
/// through): the circuit breaker first, then up to <see cref="RetrySettings.MaxAttempts"/> attempts with
/// backoff for transient failures, all within the export timeout; a batch that still failed is written
/// to disk when storage is on. It tells the export in progress (<see cref="ExportContext"/>) what became
/// of its items, so status can count them as exported, stored or dropped for a reason.
/// </summary>
/// <remarks>
/// This is the SDK's only retry. The OpenTelemetry exporter's own experimental retry is left off: the SDK
/// never sets <c>OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY</c>, so a request is never retried twice over. (Were
/// the process environment to set it, the exporter would retry on top of this.) The request body is
/// buffered once, in a pooled buffer (<see cref="BufferedRequestContent"/>), so every attempt, and the stored
/// copy, send the same bytes.
/// </remarks>
internal sealed class DeliveryHandler : DelegatingHandler
{
    private static readonly MediaTypeHeaderValue GrpcMediaType = new(ExportFailureClassifier.GrpcContentType);

    private readonly SignalType _signal;
    private readonly ExportDelivery _delivery;
    private readonly SignalStatistics _statistics;
    private readonly RetryPolicy _retry;
    private readonly CircuitBreaker? _breaker;
    private readonly TimeSpan _budget;
    private readonly TimeProvider _time;

    public DeliveryHandler(SignalType signal, ExportDelivery delivery, SignalStatistics statistics, RetryPolicy retry, TimeSpan budget, TimeProvider time, HttpMessageHandler inner)
        : base(inner)
    {
        _signal = signal;
        _delivery = delivery;
        _statistics = statistics;
        _retry = retry;
        _breaker = delivery.BreakerFor(signal);
        _budget = budget;
        _time = time;
    }

    // HTTP/protobuf sends synchronously: the same code runs with every await already complete.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendCoreAsync(request, async: false, cancellationToken).GetAwaiter().GetResult();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendCoreAsync(request, async: true, cancellationToken);

    private static bool IsGrpc(HttpRequestMessage request) =>
        string.Equals(request.Content?.Headers.ContentType?.MediaType, ExportFailureClassifier.GrpcContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>What the exporter gets when the circuit is open: a failure in its own protocol, without a call.</summary>
    private static HttpResponseMessage CircuitOpenResponse(HttpRequestMessage request)
    {
        var grpc = IsGrpc(request);
        var response = new HttpResponseMessage(grpc ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable)
        {
            RequestMessage = request,
            Version = request.Version,
            Content = new ByteArrayContent([]),
        };

        if (grpc)
        {
            // A trailers-only gRPC answer: UNAVAILABLE.
            response.Content.Headers.ContentType = GrpcMediaType;
            response.Headers.TryAddWithoutValidation(ExportFailureClassifier.GrpcStatusHeader, "14");
            response.Headers.TryAddWithoutValidation("grpc-message", "circuit%20breaker%20open");
        }

        return response;
    }

    /// <summary>
    /// Replaces the request content with a buffered copy that every attempt can send again; its pooled buffer goes
    /// back when the exporter disposes the request.
    /// </summary>
    private static async ValueTask<BufferedRequestContent?> BufferAsync(HttpRequestMessage request, bool async, CancellationToken cancellationToken)
    {
        if (request.Content is not { } original)
        {
            return null;
        }

        var copy = await BufferedRequestContent.ReadAsync(original, async, cancellationToken).ConfigureAwait(false);
        request.Content = copy;
        original.Dispose();
        return copy;
    }

    private static void Report(ExportContext? context, ExportOutcome outcome)
    {
        if (context is not null)
        {
            context.Outcome = outcome;
        }
    }

    private static string? ContentHeader(HttpRequestMessage request, string name) =>
        request.Content is { } content && content.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, bool async, CancellationToken cancellationToken)
    {
        var context = ExportContext.Current;
        var body = await BufferAsync(request, async, cancellationToken).ConfigureAwait(false);
        if (_breaker is not null && !_breaker.TryAcquire())
        {
            Report(context, Keep(request, body, context, ExportOutcome.CircuitOpen));
            _statistics.NoteTransportFailure(_breaker.OpenUntil is { } until
                ? $"circuit breaker open: the backend is not called until {until:O}"
                : "circuit breaker half-open: a probe export is under way");
            return CircuitOpenResponse(request);
        }

        var started = _time.GetTimestamp();
        var settled = false;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                HttpResponseMessage? response = null;
                Exception? error = null;
                FailureKind failure;
                try
                {
                    response = async
                        ? await base.SendAsync(request, cancellationToken).ConfigureAwait(false)
                        : base.Send(request, cancellationToken);
                    failure = ExportFailureClassifier.Classify(response);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    error = ex;
                    failure = ExportFailureClassifier.Classify(ex);
                }

                if (failure == FailureKind.None)
                {
                    settled = true;
                    _breaker?.RecordSuccess();
                    Report(context, ExportOutcome.Delivered);
                    _delivery.NotifyDelivered();
                    return response!;
                }

                var hint = response is null ? null : RetryHints.From(response, _time.GetUtcNow());
                var delay = _retry.NextDelay(attempt, failure, hint, _budget - _time.GetElapsedTime(started));
                if (delay is null)
                {
                    settled = true;
                    Fail(request, body, context, failure);
                    if (error is not null)
                    {
                        ExceptionDispatchInfo.Throw(error);
                    }

                    return response!;
                }

                response?.Dispose();
                await DelayAsync(delay.Value, async, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!settled)
            {
                // Cancelled (the export timeout, or shutdown) or something unexpected: not delivered.
                Fail(request, body, context, FailureKind.Transient);
            }
        }
    }

    private async ValueTask DelayAsync(TimeSpan delay, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        else if (cancellationToken.CanBeCanceled)
        {
            // The exporter's own background thread: blocking it is what a synchronous send does anyway.
            cancellationToken.WaitHandle.WaitOne(delay);
            cancellationToken.ThrowIfCancellationRequested();
        }
        else
        {
            Thread.Sleep(delay);
        }
    }

    private void Fail(HttpRequestMessage request, BufferedRequestContent? body, ExportContext? context, FailureKind failure)
    {
        _breaker?.RecordFailure();
        Report(context, failure == FailureKind.Permanent ? ExportOutcome.Rejected : Keep(request, body, context, ExportOutcome.Failed));
    }

    /// <summary>Stores the batch when storage is on; returns what became of it.</summary>
    private ExportOutcome Keep(HttpRequestMessage request, BufferedRequestContent? body, ExportContext? context, ExportOutcome whenNotStored)
    {
        if (_delivery.Store is not { } store)
        {
            return whenNotStored;
        }

        var contentType = request.Content?.Headers.ContentType?.MediaType;
        var encoding = ContentHeader(request, IsGrpc(request) ? "grpc-encoding" : "Content-Encoding");
        var batch = StoredBatch.FromRequestBody(
            _signal,
            context?.Items ?? 0,
            body is null ? [] : body.Span.ToArray(), // The stored batch outlives the request, and the pooled buffer.
            contentType,
            encoding,
            request.RequestUri?.AbsolutePath ?? string.Empty,
            store.RunId,
            _time.GetUtcNow());
        if (batch is null)
        {
            return whenNotStored;
        }

        return store.TryStore(batch) switch
        {
            StoreResult.Stored => ExportOutcome.Stored,
            StoreResult.Full => ExportOutcome.StorageFull,
            _ => ExportOutcome.StorageError,
        };
    }
}
