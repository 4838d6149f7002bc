using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// Delivers one OTLP export request (gRPC and HTTP alike; it sits in the HttpClient the exporter sends
/// through), in the order the data flows: the size cap first (a request over it is cut into parts at protobuf
/// boundaries), then for each part the circuit breaker, up to <see cref="RetrySettings.MaxAttempts"/> attempts
/// with backoff for transient failures within the export timeout, and the disk store for what still failed. It
/// settles every item of the export in progress in the signal's <see cref="ExportLedger"/>: delivered, stored, or
/// dropped for a reason.
/// </summary>
/// <remarks>
/// This is the SDK's only retry. The OpenTelemetry exporter's own experimental retry is left off: the SDK
/// never sets <c>OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY</c>, so a request is never retried twice over. (Were
/// the process environment to set it, the exporter would retry on top of this.) With disk storage on, a failed
/// request is stored at once instead of retried here: retries would hold the exporter's only thread while its
/// queue overflows, and the replayer retries stored batches anyway. The request body is buffered once, in a
/// pooled buffer (<see cref="BufferedRequestContent"/>), so every attempt, and the stored copy, send the same bytes.
/// </remarks>
internal sealed class DeliveryHandler : DelegatingHandler
{
    private static readonly MediaTypeHeaderValue GrpcMediaType = new(ExportFailureClassifier.GrpcContentType);

    /// <summary>How often one request is sent again after a rate-limit refusal before it counts as failed.</summary>
    private const int MaxRateLimitedAttempts = 5;

    private readonly SignalType _signal;
    private readonly ExportDelivery _delivery;
    private readonly SignalStatistics _statistics;
    private readonly ExportLedger _ledger;
    private readonly RequestSizeCap _sizeCap;
    private readonly RequestBudget _requestBudget;
    private readonly RetryPolicy _retry;
    private readonly CircuitBreaker? _breaker;
    private readonly TimeSpan _budget;
    private readonly TimeProvider _time;

    public DeliveryHandler(SignalType signal, ExportDelivery delivery, SignalStatistics statistics, ExportLedger ledger, RequestSizeCap sizeCap, RequestBudget requestBudget, RetryPolicy retry, TimeSpan budget, TimeProvider time, HttpMessageHandler inner)
        : base(inner)
    {
        _signal = signal;
        _delivery = delivery;
        _statistics = statistics;
        _ledger = ledger;
        _sizeCap = sizeCap;
        _requestBudget = requestBudget;
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

    /// <summary>A failure (or, with <paramref name="success"/>, an acceptance) in the exporter's own protocol, without a call.</summary>
    private static HttpResponseMessage LocalResponse(HttpRequestMessage request, bool success = false)
    {
        var grpc = IsGrpc(request);
        var response = new HttpResponseMessage(grpc || success ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable)
        {
            RequestMessage = request,
            Version = request.Version,
            Content = new ByteArrayContent([]),
        };

        if (grpc)
        {
            // A trailers-only gRPC answer: OK, or UNAVAILABLE.
            response.Content.Headers.ContentType = GrpcMediaType;
            response.Headers.TryAddWithoutValidation(ExportFailureClassifier.GrpcStatusHeader, success ? "0" : "14");
            if (!success)
            {
                response.Headers.TryAddWithoutValidation("grpc-message", "circuit%20breaker%20open");
            }
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

    private static string? ContentHeader(HttpRequestMessage request, string name) =>
        request.Content is { } content && content.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    private static bool IsGzip(HttpRequestMessage request) =>
        string.Equals(ContentHeader(request, "Content-Encoding"), "gzip", StringComparison.OrdinalIgnoreCase);

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, bool async, CancellationToken cancellationToken)
    {
        var body = await BufferAsync(request, async, cancellationToken).ConfigureAwait(false);
        var grpc = IsGrpc(request);
        var compressed = body is not null && (grpc ? GrpcFrame.IsCompressed(body.Span) : IsGzip(request));
        if (body is null || _sizeCap.SplitIfOver(body.Span, grpc, compressed) is not { } split)
        {
            return await DeliverAsync(request, body, _ledger.Items, async, cancellationToken).ConfigureAwait(false);
        }

        if (split.Oversized > 0)
        {
            _ledger.Settle(ExportOutcome.TooLarge, split.Oversized);
        }

        // Each part goes through breaker, retry and store on its own; the exporter hears of the first failure, if any.
        var headers = body.Headers;
        HttpResponseMessage? answer = null;
        Exception? firstError = null;
        try
        {
            foreach (var part in split.Parts)
            {
                var content = RequestSizeCap.Encode(part, grpc, compressed, headers);
                var previous = request.Content;
                request.Content = content;
                if (!ReferenceEquals(previous, body))
                {
                    previous?.Dispose();
                }

                HttpResponseMessage response;
                try
                {
                    response = await DeliverAsync(request, content, part.Items, async, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // The part is settled (stored or dropped); the parts after it still go, or are stored, on their own.
                    firstError ??= ex;
                    continue;
                }

                if (answer is null || (answer.IsSuccessStatusCode && ExportFailureClassifier.Classify(answer) == FailureKind.None))
                {
                    answer?.Dispose();
                    answer = response;
                }
                else
                {
                    response.Dispose();
                }
            }
        }
        catch
        {
            answer?.Dispose();
            throw;
        }
        finally
        {
            body.Dispose();
        }

        if (firstError is not null && (answer is null || ExportFailureClassifier.Classify(answer) == FailureKind.None))
        {
            answer?.Dispose();
            ExceptionDispatchInfo.Throw(firstError);
        }

        return answer ?? LocalResponse(request, success: true);
    }

    /// <summary>One request of <paramref name="items"/> items: breaker, attempts, store; settles them in the ledger.</summary>
    private async Task<HttpResponseMessage> DeliverAsync(HttpRequestMessage request, BufferedRequestContent? body, long items, bool async, CancellationToken cancellationToken)
    {
        var probe = false;
        if (_breaker is not null && !_breaker.TryAcquire(out probe))
        {
            _ledger.Settle(Keep(request, body, items, ExportOutcome.CircuitOpen), items);
            _statistics.NoteTransportFailure(_breaker.OpenUntil is { } until
                ? $"circuit breaker open: the backend is not called until {until:O}"
                : "circuit breaker half-open: a probe export is under way");
            return LocalResponse(request);
        }

        // A probe, or a request that can go to disk, is tried once: retries would hold the export thread.
        var maxAttempts = probe || _delivery.Store is not null ? 1 : _retry.MaxAttempts;
        var settled = false;
        try
        {
            var rateLimited = 0;
            long? exportStarted = null;
            for (var attempt = 1; ; attempt++)
            {
                // Held for the key's request budget before the export timeout starts: a Retry-After longer than the
                // timeout is waited out rather than the batch dropped. Meanwhile the exporter's queue fills.
                await HoldForBudgetAsync(async, cancellationToken).ConfigureAwait(false);

                // The export timeout bounds every attempt of a request and the backoff between them.
                exportStarted ??= _time.GetTimestamp();
                HttpResponseMessage? response = null;
                Exception? error = null;
                FailureKind failure;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _delivery.Stopping))
                {
                    timeout.CancelAfter(Remaining(exportStarted.Value));
                    try
                    {
                        response = async
                            ? await base.SendAsync(request, timeout.Token).ConfigureAwait(false)
                            : base.Send(request, timeout.Token);
                        failure = ExportFailureClassifier.Classify(response);
                    }
                    catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested && !_delivery.Stopping.IsCancellationRequested))
                    {
                        error = ex;
                        failure = ExportFailureClassifier.Classify(ex);
                    }
                }

                if (failure == FailureKind.None)
                {
                    _requestBudget.Observe(response!);
                    settled = true;
                    _breaker?.RecordSuccess();
                    _ledger.Settle(ExportOutcome.Delivered, items);
                    _delivery.NotifyDelivered();
                    return response!;
                }

                if (response is not null && _requestBudget.Observe(response) && ++rateLimited <= MaxRateLimitedAttempts)
                {
                    // Refused for the rate limit: not a failure of the backend. Wait for the budget, then send again.
                    response.Dispose();
                    attempt--;
                    exportStarted = null;
                    _statistics.RecordRetry(rateLimited: true);
                    continue;
                }

                var hint = response is null ? null : RetryHints.From(response, _time.GetUtcNow());

                var delay = attempt >= maxAttempts ? null : _retry.NextDelay(attempt, failure, hint, Remaining(exportStarted.Value));
                if (delay is null)
                {
                    settled = true;
                    Fail(request, body, items, failure);
                    if (error is not null)
                    {
                        ExceptionDispatchInfo.Throw(error);
                    }

                    return response!;
                }

                response?.Dispose();
                _statistics.RecordRetry(rateLimited: false);
                using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _delivery.Stopping))
                {
                    await DelayAsync(delay.Value, async, stop.Token).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (!settled)
            {
                // Cancelled (shutdown) or something unexpected: not delivered, but no verdict on the backend either.
                _breaker?.Abandon();
                _ledger.Settle(Keep(request, body, items, ExportOutcome.Failed), items);
            }
        }
    }

    private TimeSpan Remaining(long started)
    {
        var left = _budget - _time.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Waits until the key's request budget lets a request go (at once, almost always).</summary>
    private async ValueTask HoldForBudgetAsync(bool async, CancellationToken cancellationToken)
    {
        var wait = _requestBudget.TryTake();
        if (wait == TimeSpan.Zero)
        {
            return;
        }

        // A metric flush exports on the caller's thread: the wait must end by the caller's deadline, not the budget's.
        var callerDeadline = RequestBudget.CallerDeadline;
        _requestBudget.CountHold();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _delivery.Stopping);
        for (; wait > TimeSpan.Zero; wait = _requestBudget.TryTake())
        {
            if (callerDeadline is { } deadline)
            {
                var left = deadline - _time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return; // Sent now: the backend decides, and a refusal is counted.
                }

                wait = wait < left ? wait : left;
            }

            await DelayAsync(wait, async, stop.Token).ConfigureAwait(false);
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

    private void Fail(HttpRequestMessage request, BufferedRequestContent? body, long items, FailureKind failure)
    {
        _breaker?.RecordFailure();
        _ledger.Settle(failure == FailureKind.Permanent ? ExportOutcome.Rejected : Keep(request, body, items, ExportOutcome.Failed), items);
    }

    /// <summary>Stores the request's items when storage is on; returns what became of them.</summary>
    private ExportOutcome Keep(HttpRequestMessage request, BufferedRequestContent? body, long items, ExportOutcome whenNotStored)
    {
        if (_delivery.Store is not { } store)
        {
            return whenNotStored;
        }

        var contentType = request.Content?.Headers.ContentType?.MediaType;
        var encoding = ContentHeader(request, IsGrpc(request) ? "grpc-encoding" : "Content-Encoding");
        var batch = StoredBatch.FromRequestBody(
            _signal,
            items,
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
