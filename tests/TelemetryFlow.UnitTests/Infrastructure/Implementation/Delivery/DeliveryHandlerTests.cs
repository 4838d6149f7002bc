using TelemetryFlow.Application.Common;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TelemetryFlow.Infrastructure.Implementation.Delivery;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class DeliveryHandlerTests : IDisposable
{
    private const string Secret = "tfs_unit_delivery_secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("otlp-protobuf-body");

    private readonly StubTransport _transport = new();
    private readonly TempDirectory _directory = new("telemetryflow-unit");
    private SignalStatistics _statistics = new(SignalType.Logs, TimeProvider.System);
    private ExportDelivery? _delivery;
    private HttpMessageInvoker? _invoker;
    private ExportOutcome? _lastOutcome;

    /// <summary>The store's directory, which the code under test creates.</summary>
    private string StorePath => _directory.Combine("store");

    /// <summary>The OTLP/HTTP exporter sends synchronously, the gRPC exporter asynchronously.</summary>
    public enum Path
    {
        Sync,
        Async,
    }

    public static TheoryData<Path> Paths => new() { Path.Sync, Path.Async };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_UnavailableTwiceThenOk_RetriesWithTheSameBodyAndHeadersAndReportsDelivered(Path path)
    {
        _transport.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.BadGateway);
        Use(Builder());

        var (response, outcome) = await Send(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExportOutcome.Delivered, outcome);
        Assert.Equal(3, _transport.Sent.Count);
        Assert.All(_transport.Sent, sent =>
        {
            Assert.Equal(Body, sent.Body);
            Assert.Equal("application/x-protobuf", sent.Headers["Content-Type"]);
            Assert.Equal("gzip", sent.Headers["Content-Encoding"]);
            Assert.Equal($"Bearer tfk_unit:{Secret}", sent.Headers["Authorization"]);
            Assert.Equal(path == Path.Sync, sent.Sync);
        });
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_Unauthorized_IsNotRetriedAndReportsRejectedWithCredentialsFlag(Path path)
    {
        _transport.Otherwise = _ => new HttpResponseMessage(HttpStatusCode.Unauthorized);
        Use(Builder());

        var (response, outcome) = await Send(path);
        _statistics.RecordExport(1, outcome!.Value);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ExportOutcome.Rejected, outcome);
        Assert.Single(_transport.Sent);
        var status = _statistics.Snapshot(enabled: true);
        Assert.True(status.CredentialsRejected);
        Assert.Equal(1L, status.DroppedByReason[DropReason.ExportRejected.Value]);
    }

    [Fact]
    public async Task SendAsync_GrpcUnavailableThenOk_RetriesOnTrailersOnlyStatus()
    {
        _transport.ThenGrpcStatus(14).ThenGrpcStatus(0);
        Use(Builder());

        var (response, outcome) = await Send(Path.Async, grpc: true);

        Assert.Equal(ExportOutcome.Delivered, outcome);
        Assert.Equal("0", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal(2, _transport.Sent.Count);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_ConnectionRefusedEveryTime_GivesUpAfterMaxAttemptsAndRethrows(Path path)
    {
        var refused = new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));
        _transport.Otherwise = _ => throw refused;
        Use(Builder());

        var error = await Record.ExceptionAsync(() => Send(path));

        Assert.Same(refused, error);
        Assert.Equal(4, _transport.Sent.Count);
        Assert.Equal(ExportOutcome.Failed, _lastOutcome);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_FailsWithStorageOn_StoresTheBodyButNoHeader(Path path)
    {
        _transport.Otherwise = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        Use(Builder().WithPersistentStorage(StorePath));

        var (_, outcome) = await Send(path);
        _delivery!.Stop(); // The replayer would otherwise hold the file while it tries to send it.

        Assert.Equal(ExportOutcome.Stored, outcome);
        var file = Assert.Single(_directory.Files("store", "*.otlp"));
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var stored = StoredBatch.Deserialize(bytes);
        Assert.Equal((SignalType.Logs, 7L, true), (stored.Signal, stored.Items, stored.Gzip));
        Assert.Equal(Body, stored.Payload.ToArray());
    }

    [Fact]
    public async Task Send_PermanentFailureWithStorageOn_IsNotStored()
    {
        _transport.Otherwise = _ => new HttpResponseMessage(HttpStatusCode.BadRequest);
        Use(Builder().WithPersistentStorage(StorePath));

        var (_, outcome) = await Send(Path.Sync);

        Assert.Equal(ExportOutcome.Rejected, outcome);
        Assert.Empty(_directory.Files("store", "*.otlp"));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.ServiceUnavailable)]
    [InlineData(true, HttpStatusCode.OK)]
    public async Task Send_CircuitOpen_FailsFastWithoutCallingTheBackend(bool grpc, HttpStatusCode expected)
    {
        _transport.Otherwise = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        Use(Builder().WithRetry(enabled: false).WithCircuitBreaker(enabled: true, failureThreshold: 2, coolDown: TimeSpan.FromMinutes(1)));
        await Send(Path.Async, grpc);
        await Send(Path.Async, grpc);
        Assert.Equal(CircuitState.Open, _delivery!.BreakerFor(SignalType.Logs)!.State);

        var (response, outcome) = await Send(Path.Async, grpc);

        Assert.Equal(2, _transport.Sent.Count);
        Assert.Equal(ExportOutcome.CircuitOpen, outcome);
        Assert.Equal(expected, response.StatusCode);
        if (grpc)
        {
            Assert.Equal("14", response.Headers.GetValues("grpc-status").Single());
        }

        _statistics.RecordExport(1, outcome!.Value);
        Assert.StartsWith("circuit breaker open", _statistics.Snapshot(enabled: true).LastFailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CircuitOpenWithStorageOn_StoresInsteadOfDropping()
    {
        _transport.Otherwise = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        Use(Builder().WithRetry(enabled: false).WithCircuitBreaker(enabled: true, failureThreshold: 1, coolDown: TimeSpan.FromMinutes(1)).WithPersistentStorage(StorePath));
        await Send(Path.Sync);

        var (_, outcome) = await Send(Path.Sync);

        Assert.Equal(ExportOutcome.Stored, outcome);
        Assert.Single(_transport.Sent);
        Assert.Equal(2, _directory.Files("store", "*.otlp").Length);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_RateLimitedWithRetryAfterBeyondTheExportTimeout_HoldsTheBatchAndSendsItAgain(Path path)
    {
        // The backend's Retry-After (1 s) is longer than the export timeout (300 ms): waited out, not dropped.
        var calls = 0;
        _transport.Otherwise = _ =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return new HttpResponseMessage(HttpStatusCode.OK);
            }

            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation("Retry-After", "1");
            return response;
        };
        Use(Builder().WithTimeout(TimeSpan.FromMilliseconds(300)));

        var (response, outcome) = await Send(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExportOutcome.Delivered, outcome);
        Assert.Equal(2, _transport.Sent.Count);
        Assert.Equal(1, _delivery!.RequestBudget.Holds);
    }

    [Fact]
    public async Task Send_RateLimitedOverAndOver_GivesUpAfterFiveHoldsAndCountsItFailed()
    {
        _transport.Otherwise = _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation("Retry-After", "0");
            return response;
        };
        Use(Builder().WithRetry(enabled: false));

        var (response, outcome) = await Send(Path.Sync);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(ExportOutcome.Failed, outcome);
        Assert.Equal(6, _transport.Sent.Count);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_CancelledDuringBackoff_CountsTheBatchAsFailedAndThrows(Path path)
    {
        // Cancelled as the first answer leaves the backend, so the cancellation can only land in the 3 s wait before
        // the retry (a timer racing the first send could also cancel before anything was sent).
        using var shutdown = new CancellationTokenSource();
        _transport.Otherwise = _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            response.Headers.TryAddWithoutValidation("Retry-After", "3");
            shutdown.Cancel();
            return response;
        };
        Use(Builder().WithTimeout(TimeSpan.FromSeconds(30)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Send(path, cancellationToken: shutdown.Token));

        Assert.Single(_transport.Sent);
        Assert.Equal(ExportOutcome.Failed, _lastOutcome);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_TransientFailureWithStorageOn_StoresAtOnceWithoutRetrying(Path path)
    {
        // Retrying here would hold the exporter's only thread while its queue overflows; the replayer retries instead.
        _transport.Otherwise = _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            response.Headers.TryAddWithoutValidation("Retry-After", "3");
            return response;
        };
        Use(Builder().WithTimeout(TimeSpan.FromSeconds(30)).WithPersistentStorage(StorePath));

        var (_, outcome) = await Send(path);

        Assert.Single(_transport.Sent);
        Assert.Equal(ExportOutcome.Stored, outcome);
        Assert.Single(_directory.Files("store", "*.otlp"));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Send_SplitRequestWhosePartsFailWithStorageOn_StoresEveryPartNotJustTheFirst(Path path)
    {
        // 40 items of 4 KB against a 64 KiB cap: three parts. The connection fails for each; none may be lost.
        _transport.Otherwise = _ => throw new HttpRequestException("connection refused");
        Use(Builder().WithPersistentStorage(StorePath).WithMaxRequestSize(TelemetryConfig.MinMaxRequestSizeBytes));
        var body = OtlpRequestSplitterTests.Request(OtlpRequestSplitterTests.Resource("svc", OtlpRequestSplitterTests.Scope("scope", OtlpRequestSplitterTests.Items(0, 40, 4000))));
        var ledger = _delivery!.LedgerFor(SignalType.Logs);
        ledger.Open(40);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4318/v1/logs") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/x-protobuf");

        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var response = path == Path.Sync ? _invoker!.Send(request, CancellationToken.None) : await _invoker!.SendAsync(request, CancellationToken.None);
        });
        _delivery.Stop();

        Assert.Equal(3, _transport.Sent.Count);
        Assert.Equal(3, _directory.Files("store", "*.otlp").Length);
        var (settled, unsettled) = ledger.Close();
        Assert.Equal([(ExportOutcome.Stored, 40L)], settled);
        Assert.Equal(0L, unsettled);
    }

    [Theory]
    [InlineData(null, nameof(ExportOutcome.Rejected), 1)]
    [InlineData("grpc-retry-pushback-ms", nameof(ExportOutcome.Delivered), 2)]
    public async Task Send_GrpcResourceExhausted_IsRetriedOnlyWithARetryHint(string? hintHeader, string expected, int attempts)
    {
        // Without a hint RESOURCE_EXHAUSTED is the collector's 4 MiB limit: sending the same bytes again cannot pass.
        var calls = 0;
        _transport.Otherwise = _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentType = new("application/grpc");
            var exhausted = Interlocked.Increment(ref calls) == 1;
            response.Headers.TryAddWithoutValidation("grpc-status", exhausted ? "8" : "0");
            if (exhausted && hintHeader is not null)
            {
                response.Headers.TryAddWithoutValidation(hintHeader, "1");
            }

            return response;
        };
        Use(Builder());

        var (_, outcome) = await Send(Path.Async, grpc: true);

        Assert.Equal(Enum.Parse<ExportOutcome>(expected), outcome);
        Assert.Equal(attempts, _transport.Sent.Count);
    }

    [Theory]
    [InlineData("grpc-retry-pushback-ms", 14)]
    [InlineData("grpc-status-details-bin", 14)]
    [InlineData("grpc-retry-pushback-ms", 8)]
    [InlineData("grpc-status-details-bin", 8)]
    public async Task SendAsync_GrpcFailureWithOneRetryHintAlone_WaitsTheHintedDelayThenRetries(string hintHeader, int grpcStatus)
    {
        // Each hint on its own, under the header names of the gRPC spec rather than the SDK's constants; the
        // client's own backoff (1-5 ms) is far shorter than the 300 ms hint, so the gap shows which one was used.
        var hint = TimeSpan.FromMilliseconds(300);
        var calls = new List<long>();
        _transport.Otherwise = _ =>
        {
            lock (calls)
            {
                calls.Add(TimeProvider.System.GetTimestamp());
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentType = new("application/grpc");
            var first = calls.Count == 1;
            response.Headers.TryAddWithoutValidation("grpc-status", first ? grpcStatus.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0");
            if (first)
            {
                response.Headers.TryAddWithoutValidation(hintHeader, hintHeader == "grpc-retry-pushback-ms" ? "300" : StatusWithRetryInfo(grpcStatus, hint));
            }

            return response;
        };
        Use(Builder());

        var (_, outcome) = await Send(Path.Async, grpc: true);

        Assert.Equal(ExportOutcome.Delivered, outcome);
        Assert.Equal(2, calls.Count);
        var gap = TimeProvider.System.GetElapsedTime(calls[0], calls[1]);

        // Timers may fire a few milliseconds early against the stopwatch; 250 ms is still 50 times the backoff.
        Assert.True(gap >= TimeSpan.FromMilliseconds(250), $"retried after {gap.TotalMilliseconds:0} ms");
    }

    public void Dispose()
    {
        _invoker?.Dispose();
        _delivery?.Dispose();
        _directory.Dispose();
    }

    private static TelemetryFlowBuilder Builder() =>
        new TelemetryFlowBuilder()
            .WithApiKey("tfk_unit", Secret)
            .WithService("unit")
            .WithEndpoint("http://127.0.0.1:4318")
            .WithHttp()
            .WithRetry(enabled: true, maxAttempts: 4, initialBackoff: TimeSpan.FromMilliseconds(1), maxBackoff: TimeSpan.FromMilliseconds(5))
            .WithCircuitBreaker(enabled: false);

    private void Use(TelemetryFlowBuilder builder)
    {
        var config = builder.Build();
        var breakers = new CircuitBreakers(config, TimeProvider.System);
        var accounting = new ExportAccounting(config, TimeProvider.System, breakers);
        _statistics = accounting.Logs;
        _delivery = new ExportDelivery(config, TimeProvider.System, breakers, accounting);
        _delivery.Start();
        _invoker = new HttpMessageInvoker(_delivery.CreateHandler(SignalType.Logs, _statistics, new ExportRequestHandler(config.ExportHeaders, _statistics, _transport)));
    }

    private async Task<(HttpResponseMessage Response, ExportOutcome? Outcome)> Send(Path path, bool grpc = false, CancellationToken cancellationToken = default)
    {
        var ledger = _delivery!.LedgerFor(SignalType.Logs);
        ledger.Open(7);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4318/v1/logs") { Content = Content(grpc) };
            var response = path == Path.Sync
                ? _invoker!.Send(request, cancellationToken)
                : await _invoker!.SendAsync(request, cancellationToken);
            _lastOutcome = SingleOutcome(ledger);
            return (response, _lastOutcome);
        }
        finally
        {
            _lastOutcome ??= SingleOutcome(ledger);
        }
    }

    /// <summary>The one outcome all 7 items ended in, or null when none (or several).</summary>
    private static ExportOutcome? SingleOutcome(ExportLedger ledger)
    {
        var (settled, unsettled) = ledger.Close();
        return settled.Count == 1 && settled[0].Items == 7 && unsettled == 0 ? settled[0].Outcome : null;
    }

    /// <summary>
    /// A base64 <c>google.rpc.Status</c> (unpadded, as gRPC sends binary metadata) whose one detail is an <c>Any</c>
    /// holding a <c>google.rpc.RetryInfo</c>, encoded here by hand from the .proto field numbers.
    /// </summary>
    private static string StatusWithRetryInfo(int code, TimeSpan delay)
    {
        var duration = Concat(Varint(1 << 3, (ulong)(long)delay.TotalSeconds), Varint(2 << 3, (ulong)(delay.Ticks % TimeSpan.TicksPerSecond * 100)));
        var retryInfo = LengthDelimited(1, duration);
        var any = Concat(LengthDelimited(1, Encoding.UTF8.GetBytes("type.googleapis.com/google.rpc.RetryInfo")), LengthDelimited(2, retryInfo));
        var status = Concat(Varint(1 << 3, (ulong)code), LengthDelimited(3, any));
        return Convert.ToBase64String(status).TrimEnd('=');

        static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

        static byte[] LengthDelimited(int field, byte[] value) => Concat(RawVarint((ulong)((field << 3) | 2)), RawVarint((ulong)value.Length), value);

        static byte[] Varint(int tag, ulong value) => Concat(RawVarint((ulong)tag), RawVarint(value));

        static byte[] RawVarint(ulong value)
        {
            var bytes = new List<byte>();
            for (; value >= 0x80; value >>= 7)
            {
                bytes.Add((byte)(value | 0x80));
            }

            bytes.Add((byte)value);
            return [.. bytes];
        }
    }

    private static StreamContent Content(bool grpc)
    {
        // Like the exporter's: a stream, which the handler must buffer to send again.
        var content = new StreamContent(new MemoryStream(grpc ? [0, 0, 0, 0, (byte)Body.Length, .. Body] : Body));
        content.Headers.ContentType = new(grpc ? "application/grpc" : "application/x-protobuf");
        content.Headers.TryAddWithoutValidation(grpc ? "grpc-encoding" : "Content-Encoding", "gzip");
        return content;
    }
}
