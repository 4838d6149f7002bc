using InteropApp;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.Testing;

namespace TelemetryFlow.MediatorInterop.Tests;

/// <summary>
/// A user app with its own source-generated mediator, running side by side with an initialized TelemetryFlow
/// client (which dispatches through its own, internal, source-generated mediator) in one process.
/// </summary>
public sealed class AppMediatorWithTelemetryTests
{
    [Fact]
    public async Task AppMediator_SendsAndPublishes_WhileClientRecordsAndExportsTelemetry()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = new TelemetryFlowBuilder()
            .WithApiKey("tfk_interop", "tfs_interop")
            .WithService("mediator-interop-app")
            .WithEndpoint(receiver.GrpcEndpoint.ToString())
            .BuildClient();
        client.Initialize();
        Assert.True(client.IsInitialized);

        using var provider = AppServices.Configure(new ServiceCollection()).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var mediator = provider.GetRequiredService<IMediator>();
        var ledger = provider.GetRequiredService<OrderLedger>();
        var ping = new Ping(Guid.NewGuid(), "hello");
        var orderId = Guid.NewGuid();

        Pong pong;
        string traceId;
        using (var span = client.Span("app.checkout"))
        {
            traceId = span.TraceId;
            pong = await mediator.Send(ping);
            await mediator.Publish(new OrderPlaced(orderId, 42.5m));
            client.IncrementCounter("app.orders");
            client.RecordHistogram("app.order.amount", 42.5, "USD");
            client.LogInfo("order placed");
        }

        // The app's request handler answered, and ran inside the SDK's span (ambient Activity flows through both mediators).
        Assert.Equal(ping.Id, pong.Id);
        Assert.Equal("HELLO", pong.Text);
        Assert.Equal(traceId, pong.AmbientTraceId);

        // Both of the app's notification handlers ran, synchronously with Publish.
        Assert.Equal(
            [(nameof(OrderPlacedAuditHandler), orderId), (nameof(OrderPlacedEmailHandler), orderId)],
            ledger.Entries.OrderBy(e => e.Handler, StringComparer.Ordinal));

        // The SDK kept recording throughout and its telemetry reaches the collector.
        Assert.True(await client.FlushAsync());
        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.Name == "app.checkout"));
        Assert.Equal(traceId, Convert.ToHexStringLower(spans.Single(s => s.Name == "app.checkout").Span.TraceId.ToByteArray()));
        await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "app.orders") && m.Any(x => x.Name == "app.order.amount"));
        await receiver.WaitForLogsAsync(1);

        // The SDK's own dispatch (status query through its private mediator) is unaffected by the app's.
        var status = client.GetStatus();
        Assert.True(status.IsInitialized);
        Assert.Equal("mediator-interop-app", status.ServiceName);
        Assert.True(status.Traces.Recorded >= 1);
        Assert.True(status.Logs.Recorded >= 1);
        Assert.True(status.Metrics.Recorded >= 2);
    }

    [Fact]
    public async Task AppMediator_KeepsWorking_AfterClientShutsDown()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var provider = AppServices.Configure(new ServiceCollection()).BuildServiceProvider();
        var mediator = provider.GetRequiredService<IMediator>();

        await using (var client = new TelemetryFlowBuilder()
            .WithApiKey("tfk_interop", "tfs_interop")
            .WithService("mediator-interop-app")
            .WithEndpoint(receiver.GrpcEndpoint.ToString())
            .BuildClient())
        {
            client.Initialize();
            using (client.Span("app.before-shutdown"))
            {
                Assert.Equal("A", (await mediator.Send(new Ping(Guid.NewGuid(), "a"))).Text);
            }

            Assert.True(await client.ShutdownAsync());
        }

        await receiver.WaitForSpansAsync(1);
        var pong = await mediator.Send(new Ping(Guid.NewGuid(), "b"));
        Assert.Equal("B", pong.Text);
        Assert.Null(pong.AmbientTraceId);
    }
}
