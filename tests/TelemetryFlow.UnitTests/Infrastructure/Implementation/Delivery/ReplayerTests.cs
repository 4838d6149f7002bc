using TelemetryFlow.Application.Common;
using System.Net;
using TelemetryFlow.Infrastructure.Implementation.Delivery;
using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class ReplayerTests : IDisposable
{
    private readonly TempDirectory _directory = new("telemetryflow-unit");
    private readonly FakeTimeProvider _time = TestTime.Clock();
    private readonly StubTransport _transport = new();
    private readonly ExportAccounting _accounting = new(TestRuntimes.Config(), TimeProvider.System, new CircuitBreakers(TestRuntimes.Config(), TimeProvider.System));

    /// <summary>The store's directory, which the code under test creates.</summary>
    private string StorePath => _directory.Combine("store");

    private CircuitBreaker? _breaker;

    [Fact]
    public async Task Pass_DeliversOldestFirstDeletesFilesAndCountsThisRunAndEarlierRunsApart()
    {
        var (store, replayer) = Create(Http());
        var earlierRun = Guid.NewGuid();
        Store(store, SignalType.Traces, store.RunId, "t1", items: 2);
        Store(store, SignalType.Logs, earlierRun, "l1", items: 3);
        Store(store, SignalType.Traces, store.RunId, "t2", items: 4);

        await replayer.PassAsync(CancellationToken.None);

        Assert.Equal(["/v1/traces", "/v1/logs", "/v1/traces"], _transport.Sent.Select(s => s.Uri.AbsolutePath));
        Assert.Equal(["t1", "l1", "t2"], _transport.Sent.Select(s => System.Text.Encoding.UTF8.GetString(s.Body)));
        Assert.Empty(store.List());
        Assert.Equal(6L, _accounting.For(SignalType.Traces).Snapshot(enabled: true).Exported);
        Assert.Equal((0L, 3L), (_accounting.For(SignalType.Logs).Snapshot(enabled: true).Exported, _accounting.For(SignalType.Logs).Snapshot(enabled: true).ReplayedFromPreviousRun));
    }

    [Fact]
    public async Task Pass_RequestBudgetSpent_SendsNothingAndIsNoFailureOfTheBackend()
    {
        // Waiting for the key's budget must not open the breaker: that would send live batches to disk as circuit-open.
        _breaker = new CircuitBreaker(SignalType.Traces, new CircuitBreakerSettings(enabled: true, failureThreshold: 1, TimeSpan.FromMinutes(1)), _time);
        var budget = new RequestBudget(perMinute: 1, _time);
        Assert.Equal(TimeSpan.Zero, budget.TryTake());
        var (store, replayer) = Create(Http(), budget);
        Store(store, SignalType.Traces, store.RunId, "t1");

        await replayer.PassAsync(CancellationToken.None);

        Assert.Empty(_transport.Sent);
        Assert.Single(store.List());
        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task Pass_Http_SendsProtobufWithEncodingAndTheConfiguredCredentials()
    {
        var (store, replayer) = Create(Http());
        Store(store, SignalType.Logs, store.RunId, "payload", gzip: true);

        await replayer.PassAsync(CancellationToken.None);

        var sent = Assert.Single(_transport.Sent);
        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/logs"), sent.Uri);
        Assert.Equal("application/x-protobuf", sent.Headers["Content-Type"]);
        Assert.Equal("gzip", sent.Headers["Content-Encoding"]);
        Assert.Equal("Bearer tfk_unit:tfs_unit", sent.Headers["Authorization"]);
    }

    [Fact]
    public async Task Pass_Grpc_SendsAnHttp2GrpcRequestWithFrameTeAndEncoding()
    {
        var (store, replayer) = Create(new TelemetryFlowBuilder().WithApiKey("tfk_unit", "tfs_unit").WithService("unit").WithEndpoint("http://127.0.0.1:4317"));
        _transport.ThenGrpcStatus(0);
        Store(store, SignalType.Traces, store.RunId, "abc", gzip: true);

        await replayer.PassAsync(CancellationToken.None);

        var sent = Assert.Single(_transport.Sent);
        Assert.Equal(new Uri("http://127.0.0.1:4317/opentelemetry.proto.collector.trace.v1.TraceService/Export"), sent.Uri);
        Assert.Equal(HttpVersion.Version20, sent.Version);
        Assert.Equal("application/grpc", sent.Headers["Content-Type"]);
        Assert.Equal("trailers", sent.Headers["TE"]);
        Assert.Equal("gzip", sent.Headers["grpc-encoding"]);
        Assert.Equal([1, 0, 0, 0, 3, (byte)'a', (byte)'b', (byte)'c'], sent.Body);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task Pass_GrpcStatusUnavailable_KeepsTheFile()
    {
        var (store, replayer) = Create(new TelemetryFlowBuilder().WithApiKey("tfk_unit", "tfs_unit").WithService("unit").WithEndpoint("http://127.0.0.1:4317"));
        _transport.Otherwise = _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentType = new("application/grpc");
            response.Headers.TryAddWithoutValidation("grpc-status", "14");
            return response;
        };
        Store(store, SignalType.Traces, store.RunId, "kept");

        await replayer.PassAsync(CancellationToken.None);

        Assert.Single(store.List());
    }

    [Fact]
    public async Task Pass_TransientFailure_KeepsTheFileAndLeavesTheRestOfThatSignalForTheNextPass()
    {
        var (store, replayer) = Create(Http());
        _transport.Then(HttpStatusCode.ServiceUnavailable);
        Store(store, SignalType.Traces, store.RunId, "t1");
        Store(store, SignalType.Traces, store.RunId, "t2");
        Store(store, SignalType.Logs, store.RunId, "l1");

        await replayer.PassAsync(CancellationToken.None);

        Assert.Equal(["/v1/traces", "/v1/logs"], _transport.Sent.Select(s => s.Uri.AbsolutePath));
        Assert.Equal([SignalType.Traces, SignalType.Traces], store.List().Select(f => f.Signal));

        await replayer.PassAsync(CancellationToken.None);

        Assert.Empty(store.List());
    }

    [Fact]
    public async Task Pass_PermanentRejection_DeletesTheFileAndCountsItDropped()
    {
        var (store, replayer) = Create(Http());
        _transport.Then(HttpStatusCode.BadRequest);
        _accounting.For(SignalType.Logs).AddRecorded();
        Store(store, SignalType.Logs, store.RunId, "poison", items: 1);

        await replayer.PassAsync(CancellationToken.None);

        Assert.Empty(store.List());
        Assert.Equal(1L, _accounting.For(SignalType.Logs).Snapshot(enabled: true).DroppedByReason[DropReason.ReplayRejected.Value]);
    }

    [Fact]
    public async Task Pass_CircuitOpen_CallsNothingUntilTheCoolDownThenProbesAndCloses()
    {
        _breaker = new CircuitBreaker(SignalType.Logs, new CircuitBreakerSettings(enabled: true, failureThreshold: 1, TimeSpan.FromSeconds(30)), _time);
        _breaker.RecordFailure();
        var (store, replayer) = Create(Http());
        Store(store, SignalType.Logs, store.RunId, "l1");
        Store(store, SignalType.Logs, store.RunId, "l2");

        await replayer.PassAsync(CancellationToken.None);
        Assert.Empty(_transport.Sent);

        _time.Advance(TimeSpan.FromSeconds(30));
        await replayer.PassAsync(CancellationToken.None);

        Assert.Equal(2, _transport.Sent.Count);
        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.Empty(store.List());
    }

    [Fact]
    public void ReplayOnce_NothingStored_ReturnsAtOnce()
    {
        var (_, replayer) = Create(Http());

        Assert.True(replayer.ReplayOnce(TimeSpan.FromSeconds(1)));
        Assert.Empty(_transport.Sent);
    }

    [Fact]
    public async Task Start_FilesLeftByAnEarlierRun_AreReplayedAtOnce()
    {
        var (store, _) = Create(Http());
        Store(store, SignalType.Traces, Guid.NewGuid(), "left over", items: 5);
        var (_, replayer) = Create(Http());

        replayer.Start();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (_accounting.For(SignalType.Traces).Snapshot(enabled: true).ReplayedFromPreviousRun != 5 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.Equal(5L, _accounting.For(SignalType.Traces).Snapshot(enabled: true).ReplayedFromPreviousRun);
        replayer.Stop(TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        foreach (var replayer in _replayers)
        {
            replayer.Dispose();
        }

        _directory.Dispose();
    }

    private readonly List<Replayer> _replayers = [];

    private static TelemetryFlowBuilder Http() =>
        new TelemetryFlowBuilder().WithApiKey("tfk_unit", "tfs_unit").WithService("unit").WithHttp().WithEndpoint("http://127.0.0.1:4318");

    private (PersistentStore Store, Replayer Replayer) Create(TelemetryFlowBuilder builder, RequestBudget? budget = null)
    {
        var config = builder.WithPersistentStorage(StorePath).Build();
        var store = new PersistentStore(config.PersistentStorage!, _time);
        var replayer = new Replayer(store, new StoredBatchSender(config, budget, _transport), new CircuitBreakers(_breaker, _breaker, _breaker), _accounting, TimeSpan.FromMinutes(1));
        _replayers.Add(replayer);
        return (store, replayer);
    }

    private void Store(PersistentStore store, SignalType signal, Guid runId, string payload, long items = 1, bool gzip = false)
    {
        Assert.Equal(StoreResult.Stored, store.TryStore(new StoredBatch(signal, items, System.Text.Encoding.UTF8.GetBytes(payload), gzip, "application/x-protobuf", "/v1/x", runId, _time.GetUtcNow())));
        _time.Advance(TimeSpan.FromMilliseconds(1));
    }
}
