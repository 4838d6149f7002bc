using TelemetryFlow.Infrastructure.Implementation.Delivery;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Testing;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Delivery;

public sealed class ExportDeliveryTests : IDisposable
{
    private readonly TempDirectory _directory = new("telemetryflow-unit");
    private ExportAccounting _accounting = new(TestRuntimes.Config(), TimeProvider.System, new CircuitBreakers(TestRuntimes.Config(), TimeProvider.System));

    /// <summary>The store's directory, which the code under test creates.</summary>
    private string StorePath => _directory.Combine("store");

    [Fact]
    public void New_BreakerEnabled_OneBreakerPerSignal()
    {
        // Its state reaches status through the export accounting, which hands each breaker to its signal's statistics
        // (CircuitBreakerTests in the integration tests read it from GetStatus()).
        using var delivery = Create(TestRuntimes.Builder().WithCircuitBreaker(enabled: true, failureThreshold: 1));
        var traces = delivery.BreakerFor(SignalType.Traces)!;

        traces.RecordFailure();

        Assert.Equal(CircuitState.Open, traces.State);
        Assert.Equal(CircuitState.Closed, delivery.BreakerFor(SignalType.Logs)!.State);
        Assert.NotSame(delivery.BreakerFor(SignalType.Metrics), delivery.BreakerFor(SignalType.Logs));
    }

    [Fact]
    public void New_BreakerDisabled_NoBreakerAndStatusSaysClosed()
    {
        using var delivery = Create(TestRuntimes.Builder().WithCircuitBreaker(enabled: false));

        Assert.Null(delivery.BreakerFor(SignalType.Metrics));
        Assert.Equal(CircuitState.Closed, _accounting.For(SignalType.Metrics).Snapshot(enabled: true).CircuitState);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(30, 5)]
    public void ReplayInterval_IsTheCoolDownWhenShorterThanTheDefault(int coolDownSeconds, int expectedSeconds)
    {
        using var delivery = Create(TestRuntimes.Builder().WithCircuitBreaker(coolDown: TimeSpan.FromSeconds(coolDownSeconds)));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delivery.ReplayInterval);
    }

    [Fact]
    public void Start_WithoutStorage_HasNoStoreAndFlushIsANoOp()
    {
        using var delivery = Create(TestRuntimes.Builder());

        delivery.Start();

        Assert.Null(delivery.Store);
        Assert.True(delivery.Flush(TimeSpan.Zero));
        Assert.True(delivery.Shutdown(TimeSpan.Zero));
    }

    [Fact]
    public void Start_WithStorage_OpensTheDirectoryOnce()
    {
        using var delivery = Create(TestRuntimes.Builder().WithPersistentStorage(StorePath));

        delivery.Start();
        var store = delivery.Store;
        delivery.Start();

        Assert.NotNull(store);
        Assert.Same(store, delivery.Store);
        Assert.True(Directory.Exists(StorePath));
        Assert.True(delivery.Shutdown(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void CreateHandler_PutsTheDeliveryHandlerAboveTheGivenOne()
    {
        using var delivery = Create(TestRuntimes.Builder());
        using var inner = new StubTransport();

        using var handler = delivery.CreateHandler(SignalType.Logs, _accounting.For(SignalType.Logs), inner);

        var delivering = Assert.IsType<DeliveryHandler>(handler);
        Assert.Same(inner, delivering.InnerHandler);
    }

    [Fact]
    public async Task OtlpExporterOptions_WithDelivery_SendsThroughTheDeliveryHandlerWhichAppliesTheExportTimeout()
    {
        // The connection is refused at once, and only the delivery handler reports an outcome.
        using var refusing = RefusingEndpoint.Create();
        var config = TestRuntimes.Builder().WithHttp().WithEndpoint(refusing.Uri.ToString()).WithRetry(enabled: false).WithTimeout(TimeSpan.FromSeconds(4)).Build();
        using var delivery = Create(config);
        var options = OtlpExporterOptionsFactory.Create(config, SignalType.Traces, _accounting.For(SignalType.Traces), delivery);
        using var client = options.HttpClientFactory();
        var ledger = delivery.LedgerFor(SignalType.Traces);
        ledger.Open(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(options.Endpoint, new ByteArrayContent([1])));

        // The delivery handler bounds each request's attempts by the export timeout; the client must not cut a request
        // that is held for the key's request budget.
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
        Assert.Equal([(ExportOutcome.Failed, 1L)], ledger.Close().Settled);
    }

    public void Dispose() => _directory.Dispose();

    private ExportDelivery Create(TelemetryFlowBuilder builder) => Create(builder.Build());

    private ExportDelivery Create(TelemetryConfig config)
    {
        var breakers = new CircuitBreakers(config, TimeProvider.System);
        _accounting = new ExportAccounting(config, TimeProvider.System, breakers);
        return new ExportDelivery(config, TimeProvider.System, breakers, _accounting);
    }
}
