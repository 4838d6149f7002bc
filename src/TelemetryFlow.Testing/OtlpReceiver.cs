using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Testing.Internal;
using TelemetryFlow.Testing.Otlp.Collector.Logs.V1;
using TelemetryFlow.Testing.Otlp.Collector.Metrics.V1;
using TelemetryFlow.Testing.Otlp.Collector.Trace.V1;

namespace TelemetryFlow.Testing;

/// <summary>
/// A real OTLP endpoint (gRPC and HTTP/protobuf) hosted in-process on loopback, recording and decoding everything it
/// receives so tests and samples can assert on what an exporter actually put on the wire.
/// </summary>
/// <remarks>
/// <para>
/// Two ports are bound on 127.0.0.1 without TLS: free ones unless <see cref="OtlpReceiverOptions.GrpcPort"/> and
/// <see cref="OtlpReceiverOptions.HttpPort"/> name them (<see cref="OtlpReceiverOptions.ListenOnAllInterfaces"/> binds
/// every interface instead). Subscribe to <see cref="Arrived"/> to see each accepted request's items as they arrive. <see cref="GrpcEndpoint"/> is HTTP/2-only, because cleartext gRPC
/// clients use prior-knowledge HTTP/2. <see cref="HttpEndpoint"/> is configured for HTTP/1.1 and HTTP/2, but without TLS
/// there is no ALPN to negotiate HTTP/2, so in practice it serves HTTP/1.1 (Kestrel answers a prior-knowledge HTTP/2
/// request there with HTTP_1_1_REQUIRED). Both ports route everything, so the split only decides which HTTP version a
/// client can speak.
/// </para>
/// <para>
/// Every request is recorded in <see cref="Requests"/>. Only accepted requests add to <see cref="Spans"/>,
/// <see cref="Metrics"/> and <see cref="Logs"/>; requests failed by <see cref="EnqueueFailure"/> are still decoded and
/// kept in <see cref="ReceivedRequest.Message"/>. All collections are snapshots: safe to enumerate while data arrives.
/// </para>
/// <para>
/// For load tests, <see cref="OtlpReceiverOptions.CountSpansOnly"/> makes the receiver count spans instead of decoding
/// and keeping them; see <see cref="AcceptedSpanCount"/>.
/// </para>
/// <para>
/// <see cref="OtlpReceiverOptions.Mode"/> = <see cref="OtlpReceiverMode.TelemetryFlowCollector"/> makes it answer like
/// the TelemetryFlow collector (strict HTTP, JSON replies, v2 keys, 4 MiB gRPC messages), to prove an exporter works
/// against the real peer and not only against a lenient one; <see cref="OtlpReceiverOptions.RateLimit"/> adds the
/// backend's per-key request limit.
/// </para>
/// </remarks>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private const int RebindAttempts = 10;
    private const int GenericMaxGrpcMessageSize = 64 * 1024 * 1024;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly List<ReceivedRequest> _requests = [];
    private readonly List<ReceivedSpan> _spans = [];
    private readonly List<ReceivedMetric> _metrics = [];
    private readonly List<ReceivedLog> _logs = [];
    private readonly List<PendingFailure> _failures = [];
    private readonly OtlpReceiverOptions _options;
    private readonly RequestRateLimiter? _rateLimiter;
    private readonly Channel<ReceivedBatch> _arrivals = Channel.CreateUnbounded<ReceivedBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _arrivalPump;
    private EventHandler<ReceivedBatch>? _arrived;
    private TaskCompletionSource _changed = NewSignal();
    private WebApplication? _app;
    private RefusingEndpoint? _heldGrpcPort;
    private RefusingEndpoint? _heldHttpPort;
    private long _acceptedSpans;
    private long _rateLimited;
    private int _grpcPort;
    private int _httpPort;
    private bool _disposed;

    private OtlpReceiver(OtlpReceiverOptions options)
    {
        _options = options;
        _rateLimiter = options.RateLimit is { } limit ? new RequestRateLimiter(limit, options.TimeProvider) : null;
        _arrivalPump = Task.Run(PumpArrivalsAsync);
    }

    /// <summary>
    /// Raised once for every accepted request, after its items were decoded and recorded, with what it carried: a
    /// tool or test can react to data as it arrives instead of polling <see cref="Spans"/>, <see cref="Metrics"/> or
    /// <see cref="Logs"/>.
    /// </summary>
    /// <remarks>
    /// Handlers run on one background task, one batch at a time, in the order the requests were recorded: never on the
    /// request's thread, so a slow handler delays later events but never the exporter's reply (batches wait in an
    /// unbounded queue meanwhile). An exception thrown by a handler is swallowed, so one faulty handler cannot stop the
    /// events. Only requests recorded while at least one handler is subscribed are raised. Refused requests and
    /// requests failed by <see cref="EnqueueFailure"/> raise nothing. <see cref="DisposeAsync"/> waits for the handlers
    /// of batches already queued.
    /// </remarks>
    public event EventHandler<ReceivedBatch>? Arrived
    {
        add
        {
            lock (_gate)
            {
                _arrived += value;
            }
        }

        remove
        {
            lock (_gate)
            {
                _arrived -= value;
            }
        }
    }

    /// <summary>Base address of the OTLP/gRPC endpoint, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri GrpcEndpoint => new($"{Scheme}://127.0.0.1:{_grpcPort.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>
    /// Base address of the OTLP/HTTP endpoint, e.g. <c>http://127.0.0.1:41235/</c>. Exporters configured in code with
    /// HTTP/protobuf need the full signal URL: use <see cref="HttpEndpointFor"/> rather than concatenating strings
    /// (<see cref="Uri.ToString"/> ends with a slash, and <c>//v1/traces</c> does not match).
    /// </summary>
    public Uri HttpEndpoint => new($"{Scheme}://127.0.0.1:{_httpPort.ToString(CultureInfo.InvariantCulture)}/");

    private string Scheme => _options.ServerCertificate is null ? "http" : "https";

    /// <summary>Whether the receiver is currently listening (false after <see cref="StopAsync"/>).</summary>
    public bool IsRunning => Volatile.Read(ref _app) is not null;

    /// <summary>Timeout used by the <c>WaitFor*</c> methods when none is passed. Defaults to 10 seconds.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every request received, accepted or not, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => Snapshot(_requests);

    /// <summary>
    /// Spans from accepted trace requests, in arrival order. Always empty when the receiver only counts spans
    /// (<see cref="OtlpReceiverOptions.CountSpansOnly"/>).
    /// </summary>
    public IReadOnlyList<ReceivedSpan> Spans => Snapshot(_spans);

    /// <summary>
    /// How many spans accepted trace requests carried since the start or the last <see cref="Clear"/>; exact in both
    /// modes, and the way to count spans when the receiver only counts them (<see cref="OtlpReceiverOptions.CountSpansOnly"/>).
    /// Reading it takes no snapshot.
    /// </summary>
    public long AcceptedSpanCount
    {
        get
        {
            lock (_gate)
            {
                return _acceptedSpans;
            }
        }
    }

    /// <summary>Metrics from accepted metric requests, in arrival order (one entry per metric per export).</summary>
    public IReadOnlyList<ReceivedMetric> Metrics => Snapshot(_metrics);

    /// <summary>Log records from accepted log requests, in arrival order.</summary>
    public IReadOnlyList<ReceivedLog> Logs => Snapshot(_logs);

    /// <summary>
    /// How many requests <see cref="OtlpReceiverOptions.RateLimit"/> refused since the start or the last
    /// <see cref="Clear"/>. Reading it takes no snapshot.
    /// </summary>
    public long RateLimitedRequestCount
    {
        get
        {
            lock (_gate)
            {
                return _rateLimited;
            }
        }
    }

    /// <summary>Which endpoint this receiver imitates (<see cref="OtlpReceiverOptions.Mode"/>).</summary>
    public OtlpReceiverMode Mode => _options.Mode;

    /// <summary>How many more requests scripted failures will still fail.</summary>
    public int PendingFailureCount
    {
        get
        {
            lock (_gate)
            {
                return _failures.Sum(f => f.Remaining);
            }
        }
    }

    /// <summary>Starts a receiver on two free loopback ports.</summary>
    /// <param name="cancellationToken">Cancels startup.</param>
    /// <returns>The running receiver; dispose it to stop listening.</returns>
    public static Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new OtlpReceiverOptions(), cancellationToken);

    /// <summary>Starts a receiver on two free loopback ports, configured by <paramref name="options"/>.</summary>
    /// <param name="options">How the receiver handles what it receives, e.g. <see cref="OtlpReceiverOptions.CountSpansOnly"/>.</param>
    /// <param name="cancellationToken">Cancels startup.</param>
    /// <returns>The running receiver; dispose it to stop listening.</returns>
    public static async Task<OtlpReceiver> StartAsync(OtlpReceiverOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var receiver = new OtlpReceiver(options);
        try
        {
            try
            {
                await receiver.StartAppAsync(options.GrpcPort, options.HttpPort, cancellationToken, retryBind: false).ConfigureAwait(false);
            }
            catch (IOException ex) when (options.GrpcPort != 0 || options.HttpPort != 0)
            {
                throw PortTaken(options, ex);
            }

            return receiver;
        }
        catch
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The full OTLP/HTTP URL of one signal, e.g. <c>http://127.0.0.1:41235/v1/traces</c>.</summary>
    /// <param name="signal">The signal.</param>
    /// <returns>The URL to give an HTTP/protobuf exporter.</returns>
    public Uri HttpEndpointFor(OtlpSignal signal) => new(HttpEndpoint, signal switch
    {
        OtlpSignal.Traces => "v1/traces",
        OtlpSignal.Metrics => "v1/metrics",
        OtlpSignal.Logs => "v1/logs",
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, null),
    });

    /// <summary>
    /// Queues a scripted failure. Failures are consumed first-in first-out, one request at a time; a failure restricted to
    /// a signal is skipped by requests of other signals.
    /// </summary>
    /// <param name="failure">The failure to answer with.</param>
    public void EnqueueFailure(OtlpFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        failure.Validate();
        lock (_gate)
        {
            _failures.Add(new PendingFailure(failure));
        }
    }

    /// <summary>Drops every scripted failure not yet consumed.</summary>
    public void ClearFailures()
    {
        lock (_gate)
        {
            _failures.Clear();
        }
    }

    /// <summary>
    /// Forgets all recorded requests, spans, metrics and logs, and zeroes the counters (scripted failures and rate limit
    /// windows are kept).
    /// </summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
            _spans.Clear();
            _metrics.Clear();
            _logs.Clear();
            _acceptedSpans = 0;
            _rateLimited = 0;
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> spans have been accepted.</summary>
    /// <param name="count">Minimum number of spans.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>All spans received so far.</returns>
    /// <exception cref="TimeoutException">Not enough spans arrived in time; the message tells what did.</exception>
    /// <exception cref="InvalidOperationException">The receiver only counts spans; wait on <see cref="AcceptedSpanCount"/> with <see cref="WaitUntilAsync"/>.</exception>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ThrowIfCountingSpans();
        return WaitForSnapshotAsync(_spans, items => items.Count >= count, $"{count} span(s)", timeout, cancellationToken);
    }

    /// <summary>Waits until the accepted spans satisfy <paramref name="condition"/>.</summary>
    /// <param name="condition">Evaluated on a snapshot after every received request.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The snapshot that satisfied the condition.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message tells what arrived.</exception>
    /// <exception cref="InvalidOperationException">The receiver only counts spans; wait on <see cref="AcceptedSpanCount"/> with <see cref="WaitUntilAsync"/>.</exception>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<IReadOnlyList<ReceivedSpan>, bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ThrowIfCountingSpans();
        return WaitForSnapshotAsync(_spans, condition, "a span condition", timeout, cancellationToken);
    }

    /// <summary>Waits until at least <paramref name="count"/> metrics have been accepted.</summary>
    /// <param name="count">Minimum number of metrics (one per metric per export).</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>All metrics received so far.</returns>
    /// <exception cref="TimeoutException">Not enough metrics arrived in time; the message tells what did.</exception>
    public Task<IReadOnlyList<ReceivedMetric>> WaitForMetricsAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForSnapshotAsync(_metrics, items => items.Count >= count, $"{count} metric(s)", timeout, cancellationToken);

    /// <summary>Waits until the accepted metrics satisfy <paramref name="condition"/>.</summary>
    /// <param name="condition">Evaluated on a snapshot after every received request.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The snapshot that satisfied the condition.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message tells what arrived.</exception>
    public Task<IReadOnlyList<ReceivedMetric>> WaitForMetricsAsync(Func<IReadOnlyList<ReceivedMetric>, bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitForSnapshotAsync(_metrics, condition, "a metric condition", timeout, cancellationToken);
    }

    /// <summary>Waits until at least <paramref name="count"/> log records have been accepted.</summary>
    /// <param name="count">Minimum number of log records.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>All log records received so far.</returns>
    /// <exception cref="TimeoutException">Not enough log records arrived in time; the message tells what did.</exception>
    public Task<IReadOnlyList<ReceivedLog>> WaitForLogsAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForSnapshotAsync(_logs, items => items.Count >= count, $"{count} log record(s)", timeout, cancellationToken);

    /// <summary>Waits until the accepted log records satisfy <paramref name="condition"/>.</summary>
    /// <param name="condition">Evaluated on a snapshot after every received request.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The snapshot that satisfied the condition.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message tells what arrived.</exception>
    public Task<IReadOnlyList<ReceivedLog>> WaitForLogsAsync(Func<IReadOnlyList<ReceivedLog>, bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitForSnapshotAsync(_logs, condition, "a log condition", timeout, cancellationToken);
    }

    /// <summary>Waits until at least <paramref name="count"/> requests (accepted or not) have arrived.</summary>
    /// <param name="count">Minimum number of requests.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>All requests received so far.</returns>
    /// <exception cref="TimeoutException">Not enough requests arrived in time; the message tells what did.</exception>
    public Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForSnapshotAsync(_requests, items => items.Count >= count, $"{count} request(s)", timeout, cancellationToken);

    /// <summary>Waits until the received requests (accepted or not) satisfy <paramref name="condition"/>.</summary>
    /// <param name="condition">Evaluated on a snapshot after every received request.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The snapshot that satisfied the condition.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message tells what arrived.</exception>
    public Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(Func<IReadOnlyList<ReceivedRequest>, bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitForSnapshotAsync(_requests, condition, "a request condition", timeout, cancellationToken);
    }

    /// <summary>Waits until <paramref name="condition"/> holds for this receiver.</summary>
    /// <param name="condition">Evaluated now and after every received request.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message tells what arrived.</exception>
    public Task WaitUntilAsync(Func<OtlpReceiver, bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitCoreAsync(() => condition(this) ? this : null, "a receiver condition", timeout, cancellationToken);
    }

    /// <summary>
    /// Stops listening; recorded data and scripted failures are kept. Does nothing when already stopped. Until
    /// <see cref="RestartAsync"/> or <see cref="DisposeAsync"/> the two ports stay held (see <see cref="RefusingEndpoint"/>):
    /// connections to them are refused, and no other server or outgoing connection can be given them meanwhile.
    /// </summary>
    /// <param name="cancellationToken">Abandons the graceful part of the shutdown.</param>
    /// <returns>A task that completes once the ports refuse connections.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await StopAppAsync(cancellationToken).ConfigureAwait(false))
            {
                HoldPorts();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops (if running) and listens again on the same two ports, e.g. to end a simulated collector outage. The ports
    /// were held while stopped; rebinding is still retried briefly, and can fail with <see cref="IOException"/> only if
    /// another process took a port in the instant between stopping and holding it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the restart.</param>
    /// <returns>A task that completes once the receiver listens again.</returns>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopAppAsync(cancellationToken).ConfigureAwait(false);
            ReleasePorts();
            await StartAppAsync(_grpcPort, _httpPort, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>A readable, multi-line account of everything received so far, grouped by signal.</summary>
    /// <returns>The summary.</returns>
    public string Summarize()
    {
        ReceivedRequest[] requests;
        ReceivedSpan[] spans;
        ReceivedMetric[] metrics;
        ReceivedLog[] logs;
        lock (_gate)
        {
            requests = [.. _requests];
            spans = [.. _spans];
            metrics = [.. _metrics];
            logs = [.. _logs];
        }

        return OtlpSummary.Write(GrpcEndpoint, HttpEndpoint, requests, spans, metrics, logs, _options.CountSpansOnly);
    }

    /// <summary>Stops listening and releases the web host.</summary>
    /// <returns>A task that completes once the ports are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await StopAppAsync(CancellationToken.None).ConfigureAwait(false);
            ReleasePorts();
            _arrivals.Writer.TryComplete();
            await _arrivalPump.ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Whether the trace endpoints count spans instead of decoding them.</summary>
    internal bool CountsSpansOnly => _options.CountSpansOnly;

    internal OtlpReceiverOptions Options => _options;

    /// <summary>Counts a request against its key's budget; <see langword="null"/> when requests are not limited.</summary>
    internal RateLimitDecision? AcquireRateLimit(HttpRequest http) =>
        _rateLimiter?.Acquire(http.Headers[RequestRateLimiter.KeyIdHeader].FirstOrDefault());

    /// <summary>Spans, metric data points or log records in a decoded export request.</summary>
    internal static int CountItems(IMessage message) => message switch
    {
        ExportTraceServiceRequest traces => traces.ResourceSpans.SelectMany(r => r.ScopeSpans).Sum(s => s.Spans.Count),
        ExportMetricsServiceRequest metrics => metrics.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).Sum(CountDataPoints),
        ExportLogsServiceRequest logs => logs.ResourceLogs.SelectMany(r => r.ScopeLogs).Sum(s => s.LogRecords.Count),
        _ => 0,
    };

    /// <summary>
    /// Records an export of <paramref name="itemCount"/> items, decoded into <paramref name="message"/> unless it is
    /// <see langword="null"/> (spans only counted); returns the scripted failure to answer with, if any.
    /// </summary>
    internal OtlpFailure? Receive(OtlpSignal signal, OtlpTransport transport, HttpRequest http, string? contentEncoding, IMessage? message, int itemCount)
    {
        var headers = CaptureHeaders(http);
        TaskCompletionSource changed;
        OtlpFailure? failure;
        lock (_gate)
        {
            failure = TakeFailure(signal);
            var record = new ReceivedRequest(
                signal,
                transport,
                http.Path.Value ?? string.Empty,
                headers,
                contentEncoding,
                _options.TimeProvider.GetUtcNow(),
                transport == OtlpTransport.Grpc ? HttpStatusCode.OK : AnsweredHttpStatus(failure),
                transport == OtlpTransport.Grpc ? failure?.GrpcStatus ?? StatusCode.OK : null,
                message,
                itemCount,
                failure?.Message,
                failure);
            if (_options.KeepReceived)
            {
                _requests.Add(record);
            }

            if (failure is null)
            {
                if (signal == OtlpSignal.Traces)
                {
                    _acceptedSpans += itemCount;
                }

                var batch = AddItems(record);
                if (Volatile.Read(ref _arrived) is not null)
                {
                    // Written under the gate, so handlers see batches in the order they were recorded.
                    _arrivals.Writer.TryWrite(batch);
                }
            }

            changed = SwapSignal();
        }

        changed.TrySetResult();
        return failure;
    }

    /// <summary>
    /// The HTTP status a scripted failure is answered with: its own, except in collector mode, where any pipeline error
    /// is a 500.
    /// </summary>
    internal HttpStatusCode AnsweredHttpStatus(OtlpFailure? failure) => failure switch
    {
        null => HttpStatusCode.OK,
        _ when _options.Mode == OtlpReceiverMode.TelemetryFlowCollector => HttpStatusCode.InternalServerError,
        _ => failure.HttpStatusCode,
    };

    /// <summary>Records an HTTP request refused before its data was accepted (undecodable body, auth, rate limit).</summary>
    internal void Refuse(OtlpSignal signal, HttpRequest http, string? contentEncoding, HttpStatusCode status, string error, bool rateLimited = false) =>
        Refuse(signal, OtlpTransport.Http, http, contentEncoding, status, grpcStatus: null, error, rateLimited);

    /// <summary>Records a gRPC call refused before its data was accepted (message too large, rate limit).</summary>
    internal void Refuse(OtlpSignal signal, HttpRequest http, string? contentEncoding, StatusCode grpcStatus, string error, bool rateLimited = false) =>
        Refuse(signal, OtlpTransport.Grpc, http, contentEncoding, HttpStatusCode.OK, grpcStatus, error, rateLimited);

    private void Refuse(OtlpSignal signal, OtlpTransport transport, HttpRequest http, string? contentEncoding, HttpStatusCode status, StatusCode? grpcStatus, string error, bool rateLimited)
    {
        var headers = CaptureHeaders(http);
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (_options.KeepReceived)
            {
                _requests.Add(new ReceivedRequest(
                    signal,
                    transport,
                    http.Path.Value ?? string.Empty,
                    headers,
                    contentEncoding,
                    _options.TimeProvider.GetUtcNow(),
                    status,
                    grpcStatus,
                    message: null,
                    itemCount: 0,
                    error));
            }

            if (rateLimited)
            {
                _rateLimited++;
            }

            changed = SwapSignal();
        }

        changed.TrySetResult();
    }

    private async Task PumpArrivalsAsync()
    {
        await foreach (var batch in _arrivals.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var handlers = Volatile.Read(ref _arrived);
            if (handlers is null)
            {
                continue;
            }

            foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<ReceivedBatch>>())
            {
                try
                {
                    handler(this, batch);
                }
#pragma warning disable CA1031 // A subscriber's bug must not stop the events for the others or fail the receiver.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static Dictionary<string, string> CaptureHeaders(HttpRequest http)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Headers)
        {
            // StringValues.ToString() joins repeated values with ','.
            headers[name] = values.ToString();
        }

        return headers;
    }

    // Data points rather than metrics, because that is what OTLP partial success counts for metrics.
    private static int CountDataPoints(Otlp.Metrics.V1.Metric metric) => metric.DataCase switch
    {
        Otlp.Metrics.V1.Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        Otlp.Metrics.V1.Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        Otlp.Metrics.V1.Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        Otlp.Metrics.V1.Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        Otlp.Metrics.V1.Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        _ => 0,
    };

    private void ThrowIfCountingSpans()
    {
        if (_options.CountSpansOnly)
        {
            throw new InvalidOperationException(
                $"This receiver only counts spans ({nameof(OtlpReceiverOptions)}.{nameof(OtlpReceiverOptions.CountSpansOnly)}), so it has none to wait for; wait on {nameof(AcceptedSpanCount)} with {nameof(WaitUntilAsync)} instead.");
        }
    }

    private IReadOnlyList<T> Snapshot<T>(List<T> items)
    {
        lock (_gate)
        {
            return [.. items];
        }
    }

    private OtlpFailure? TakeFailure(OtlpSignal signal)
    {
        var index = _failures.FindIndex(f => f.Failure.Signal is null || f.Failure.Signal == signal);
        if (index < 0)
        {
            return null;
        }

        var pending = _failures[index];
        if (--pending.Remaining == 0)
        {
            _failures.RemoveAt(index);
        }

        return pending.Failure;
    }

    private ReceivedBatch AddItems(ReceivedRequest request)
    {
        var batch = ReceivedBatch.From(request);
        if (_options.KeepReceived)
        {
            _spans.AddRange(batch.Spans);
            _metrics.AddRange(batch.Metrics);
            _logs.AddRange(batch.Logs);
        }

        return batch;
    }

    // Caller holds _gate. Waiters grab the current signal before probing, so a request recorded between their probe and
    // their await still wakes them.
    private TaskCompletionSource SwapSignal()
    {
        var previous = _changed;
        _changed = NewSignal();
        return previous;
    }

    private Task<IReadOnlyList<T>> WaitForSnapshotAsync<T>(List<T> source, Func<IReadOnlyList<T>, bool> condition, string description, TimeSpan? timeout, CancellationToken cancellationToken) =>
        WaitCoreAsync(
            () =>
            {
                var snapshot = Snapshot(source);
                return condition(snapshot) ? snapshot : null;
            },
            description,
            timeout,
            cancellationToken);

    private async Task<T> WaitCoreAsync<T>(Func<T?> probe, string description, TimeSpan? timeout, CancellationToken cancellationToken)
        where T : class
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (probe() is { } result)
            {
                return result;
            }

            var remaining = limit - clock.Elapsed;
            try
            {
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TimeoutException();
                }

                await changed.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(DescribeTimeout(description, limit));
            }
        }
    }

    private string DescribeTimeout(string description, TimeSpan limit)
    {
        string counts;
        lock (_gate)
        {
            var rejected = _requests.Count(r => !r.Accepted);
            counts = string.Create(
                CultureInfo.InvariantCulture,
                $"{_requests.Count} request(s) (traces {_requests.Count(r => r.Signal == OtlpSignal.Traces)}, metrics {_requests.Count(r => r.Signal == OtlpSignal.Metrics)}, logs {_requests.Count(r => r.Signal == OtlpSignal.Logs)}; {rejected} not accepted), {_acceptedSpans} span(s){(_options.CountSpansOnly ? " (counted only)" : string.Empty)}, {_metrics.Count} metric(s), {_logs.Count} log record(s)");
        }

        const int MaxSummaryLength = 8_000;
        var summary = Summarize();
        if (summary.Length > MaxSummaryLength)
        {
            summary = summary[..MaxSummaryLength] + Environment.NewLine + "... (summary truncated)";
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Timed out after {limit.TotalSeconds:0.###} s waiting for {description}. Received so far: {counts}.{Environment.NewLine}{summary}");
    }

    /// <summary>Names the option whose fixed port could not be bound; Kestrel's own message names only the address.</summary>
    private static IOException PortTaken(OtlpReceiverOptions options, IOException bindError)
    {
        var address = options.ListenOnAllInterfaces ? IPAddress.IPv6Any : IPAddress.Loopback;
        var taken = new[] { (Port: options.GrpcPort, Name: nameof(OtlpReceiverOptions.GrpcPort)), (Port: options.HttpPort, Name: nameof(OtlpReceiverOptions.HttpPort)) }
            .Where(p => p.Port != 0 && !CanBind(address, p.Port))
            .ToList();
        var what = taken.Count == 0
            ? $"{nameof(OtlpReceiverOptions)}.{nameof(OtlpReceiverOptions.GrpcPort)} {options.GrpcPort} or {nameof(OtlpReceiverOptions.HttpPort)} {options.HttpPort} could not be bound"
            : string.Join(" and ", taken.Select(p => $"{nameof(OtlpReceiverOptions)}.{p.Name} {p.Port.ToString(CultureInfo.InvariantCulture)} is already in use"));
        return new IOException($"{what} (another OTLP receiver or collector may be running); stop it, choose another port, or use 0 for a free one. {bindError.Message}", bindError);

        static bool CanBind(IPAddress address, int port)
        {
            try
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = true;
                }

                socket.Bind(new IPEndPoint(address, port));
                socket.Listen();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    private async Task StartAppAsync(int grpcPort, int httpPort, CancellationToken cancellationToken, bool retryBind = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            var bindings = new Bindings();
            var app = BuildApp(grpcPort, httpPort, bindings);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);

                // Kestrel writes the actually bound endpoint back into ListenOptions, which is how port 0 is resolved.
                _grpcPort = bindings.Grpc!.IPEndPoint!.Port;
                _httpPort = bindings.Http!.IPEndPoint!.Port;
                Volatile.Write(ref _app, app);
                return;
            }
            catch (IOException) when (retryBind && grpcPort != 0 && attempt < RebindAttempts)
            {
                // Restarting on fixed ports: the old listener may take a moment to release them.
                await app.DisposeAsync().ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private WebApplication BuildApp(int grpcPort, int httpPort, Bindings bindings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Isolate from the host process: its appsettings/env could add Kestrel endpoints, and a console lifetime would
        // swallow Ctrl+C meant for the sample or test runner that embeds this receiver.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, grpcPort, listen =>
            {
                // Cleartext gRPC clients use prior-knowledge HTTP/2, which Kestrel only offers on HTTP/2-only endpoints.
                listen.Protocols = HttpProtocols.Http2;
                UseTls(listen);
                bindings.Grpc = listen;
            });
            Listen(kestrel, httpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                UseTls(listen);
                bindings.Http = listen;
            });
        });

        builder.Services.AddGrpc(options =>
        {
            // gzip is among the default compression providers, so 'grpc-encoding: gzip' requests are inflated as-is.
            options.EnableDetailedErrors = true;
            // Collector mode checks its own, smaller limit on the decompressed message (OtlpGrpc), so that an oversized
            // call is recorded like any other; Grpc.AspNetCore would refuse it before any code of ours runs.
            options.MaxReceiveMessageSize = Math.Max(GenericMaxGrpcMessageSize, _options.MaxGrpcMessageSize);
        });
        builder.Services.AddSingleton(this);

        var app = builder.Build();
        if (_options.CountSpansOnly)
        {
            OtlpGrpcCountingEndpoint.Map(app, this);
        }
        else
        {
            app.MapGrpcService<TraceExportService>();
        }

        app.MapGrpcService<MetricsExportService>();
        app.MapGrpcService<LogsExportService>();
        if (_options.Mode == OtlpReceiverMode.TelemetryFlowCollector)
        {
            CollectorHttpEndpoints.Map(app, this);
        }
        else
        {
            OtlpHttpEndpoints.Map(app, this);
        }

        return app;
    }

    // ListenAnyIP binds [::] dual-mode, falling back to 0.0.0.0 where the host has no IPv6.
    private void Listen(KestrelServerOptions kestrel, int port, Action<ListenOptions> configure)
    {
        if (_options.ListenOnAllInterfaces)
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Loopback, port, configure);
        }
    }

    private void UseTls(ListenOptions listen)
    {
        if (_options.ServerCertificate is not { } certificate)
        {
            return;
        }

        listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            if (_options.ClientCertificateAuthority is { } authority)
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (client, _, _) => ChainsTo(client, authority);
            }
        });
    }

    private static bool ChainsTo(X509Certificate2 client, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        return chain.Build(client);
    }

    /// <summary>Stops the web host; false when none was running.</summary>
    private async Task<bool> StopAppAsync(CancellationToken cancellationToken)
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            return false;
        }

        try
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }

        return true;
    }

    private void HoldPorts()
    {
        _heldGrpcPort = TryHold(_grpcPort);
        _heldHttpPort = TryHold(_httpPort);

        static RefusingEndpoint? TryHold(int port)
        {
            try
            {
                return RefusingEndpoint.Bind(port);
            }
            catch (SocketException)
            {
                // Taken in the instant after the listener closed: the outage still refuses this client's connections
                // unless the new owner listens, and RestartAsync will report the port as taken.
                return null;
            }
        }
    }

    private void ReleasePorts()
    {
        Interlocked.Exchange(ref _heldGrpcPort, null)?.Dispose();
        Interlocked.Exchange(ref _heldHttpPort, null)?.Dispose();
    }

    private sealed class PendingFailure(OtlpFailure failure)
    {
        public OtlpFailure Failure { get; } = failure;

        public int Remaining { get; set; } = failure.Times;
    }

    private sealed class Bindings
    {
        public ListenOptions? Grpc { get; set; }

        public ListenOptions? Http { get; set; }
    }

    /// <summary>A host lifetime that ignores console signals: the embedding process owns Ctrl+C and SIGTERM.</summary>
    private sealed class EmbeddedHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
