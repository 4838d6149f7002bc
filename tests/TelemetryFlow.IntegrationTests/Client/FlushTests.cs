using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>
/// Flush and shutdown tell the truth: true only once everything recorded before the call was acknowledged, stored
/// or counted as dropped. OpenTelemetry's batch processor calls a flush done once its queue is empty, which is when
/// the export starts, so against a backend that answers after 3 s it used to return true with the span still in flight.
/// </summary>
[Collection(IsolatedScenarios.Name)]
public sealed class FlushTests
{
    private static readonly TimeSpan AnswerDelay = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task FlushAsync_BackendAnswersAfter3Seconds_ReturnsTrueOnlyOnceTheSpanIsAcknowledged()
    {
        await using var backend = await SlowBackend.StartAsync(AnswerDelay);
        var client = TestClients.Start(Builder(backend));
        await using (client)
        {
            client.StartSpan("slow").End();

            var flushed = await client.FlushAsync(TimeSpan.FromSeconds(20));

            var traces = client.GetStatus().Traces;
            Assert.True(flushed);
            Assert.Equal((1L, 1L, 0L, 0L), (traces.Recorded, traces.Exported, traces.Dropped, traces.Pending));
            Assert.Equal(1, backend.Answered);
        }
    }

    [Fact]
    public async Task FlushAsync_TimeoutShorterThanTheBackendsAnswer_ReturnsFalseAndTheSpanIsStillPending()
    {
        await using var backend = await SlowBackend.StartAsync(AnswerDelay);
        var client = TestClients.Start(Builder(backend));
        await using (client)
        {
            client.StartSpan("slow").End();

            var flushed = await client.FlushAsync(TimeSpan.FromMilliseconds(500));

            var traces = client.GetStatus().Traces;
            Assert.False(flushed);
            Assert.Equal((1L, 0L, 0L, 1L), (traces.Recorded, traces.Exported, traces.Dropped, traces.Pending));
            Assert.Equal(0, backend.Answered);
        }
    }

    [Fact]
    public async Task ShutdownAsync_BackendAnswersAfter3Seconds_ReturnsTrueWithTheSpanExported()
    {
        await using var backend = await SlowBackend.StartAsync(AnswerDelay);
        var client = TestClients.Start(Builder(backend));
        await using (client)
        {
            client.StartSpan("slow").End();

            var done = await client.ShutdownAsync(TimeSpan.FromSeconds(20));

            var traces = client.GetStatus().Traces;
            Assert.True(done);
            Assert.Equal((1L, 1L, 0L, 0L), (traces.Recorded, traces.Exported, traces.Dropped, traces.Pending));
        }
    }

    private static TelemetryFlowBuilder Builder(SlowBackend backend) =>
        new TelemetryFlowBuilder()
            .WithApiKey(TestClients.KeyId, TestClients.KeySecret)
            .WithService("flush-tests")
            .WithHttp()
            .WithEndpoint(backend.Endpoint)
            .WithTracesOnly()
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithBatchSettings(scheduledDelay: TimeSpan.FromSeconds(30));

    /// <summary>An OTLP/HTTP endpoint that accepts every request, but only after a delay.</summary>
    private sealed class SlowBackend : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _answered;

        private SlowBackend(WebApplication app, TimeSpan delay)
        {
            _app = app;
            app.MapPost("/v1/traces", async (HttpContext context) =>
            {
                await Task.Delay(delay);
                Interlocked.Increment(ref _answered);
                context.Response.ContentType = "application/x-protobuf";
            });
        }

        public string Endpoint => _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        public int Answered => Volatile.Read(ref _answered);

        public static async Task<SlowBackend> StartAsync(TimeSpan delay)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var backend = new SlowBackend(builder.Build(), delay);
            await backend._app.StartAsync();
            return backend;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
