using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Client;

/// <summary>Lifecycle, span context flow, argument errors, status and health of a real client.</summary>
public sealed class ClientBehaviorTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task StartSpan_ReturnsToCaller_SpanIsActivityCurrentAndNextSpanNestsUnderIt()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc));
        Assert.Null(Activity.Current);

        var outer = client.StartSpan("outer");
        Assert.Equal(outer.SpanId, Activity.Current?.SpanId.ToHexString());

        var inner = client.StartSpan("inner");
        Assert.Equal(outer.SpanId, inner.Activity?.ParentSpanId.ToHexString());
        Assert.Equal(outer.TraceId, inner.TraceId);
        Assert.Equal(inner.SpanId, Activity.Current?.SpanId.ToHexString());

        await Task.Yield();
        Assert.Equal(inner.SpanId, Activity.Current?.SpanId.ToHexString());

        client.EndSpan(inner.SpanId);
        Assert.Equal(outer.SpanId, Activity.Current?.SpanId.ToHexString());
        client.EndSpan(outer.SpanId);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task Span_UsingScope_IsCurrentInsideAndRestoredAfter()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc));
        string spanId;
        using (var span = client.Span("scoped"))
        {
            spanId = span.SpanId;
            Assert.True(span.IsRecording);
            Assert.Equal(spanId, Activity.Current?.SpanId.ToHexString());
            using var child = client.Span("scoped.child");
            Assert.Equal(spanId, child.Activity?.ParentSpanId.ToHexString());
        }

        Assert.Null(Activity.Current);
        Assert.Matches("^[0-9a-f]{16}$", spanId);
    }

    [Fact]
    public async Task StartSpan_WithParentSpanId_ParentsUnderThatOpenSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc));
        var first = client.StartSpan("first");

        // Away from "first", as in a callback that runs on another flow: without the parameter, a new span is a root.
        Activity.Current = null;
        var sibling = client.StartSpan("unrelated-root-sibling");
        Assert.NotNull(sibling.Activity);
        Assert.Equal(default, sibling.Activity.ParentSpanId);
        Assert.NotEqual(first.TraceId, sibling.TraceId);
        client.EndSpan(sibling.SpanId);
        Activity.Current = null;

        var second = client.StartSpan("second", parentSpanId: first.SpanId);
        Assert.Equal(first.SpanId, second.Activity?.ParentSpanId.ToHexString());
        Assert.Equal(first.TraceId, second.TraceId);
        client.EndSpan(second.SpanId);
        client.EndSpan(first.SpanId);
    }

    [Fact]
    public async Task HttpClientCall_InsideSpan_PropagatesTraceContextOfThatSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc));
        using var http = new HttpClient();
        string traceId;
        using (var span = client.Span("outgoing"))
        {
            traceId = span.TraceId;
            using var content = new ByteArrayContent([]);
            content.Headers.ContentType = new("application/x-protobuf");
            using var response = await http.PostAsync(receiver.HttpEndpointFor(OtlpSignal.Traces), content);
            response.EnsureSuccessStatusCode();
        }

        var request = (await receiver.WaitForRequestsAsync(r => r.Any(x => x.Headers.ContainsKey("traceparent")))).First(x => x.Headers.ContainsKey("traceparent"));
        Assert.Contains($"-{traceId}-", request.Headers["traceparent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recording_BeforeInitialize_ThrowsNotInitialized()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Builder(receiver, Transport.Grpc).BuildClient();
        Assert.False(client.IsInitialized);
        Assert.Throws<NotInitializedException>(() => client.IncrementCounter("x"));
        Assert.Throws<NotInitializedException>(() => client.LogInfo("x"));
        Assert.Throws<NotInitializedException>(() => client.StartSpan("x"));
        Assert.False(client.GetStatus().IsInitialized);
    }

    [Fact]
    public async Task Lifecycle_SecondInitializeIsHarmless_RecordingAfterShutdownThrows()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Builder(receiver, Transport.Grpc).BuildClient();
        client.Initialize();
        client.Initialize();
        await client.InitializeAsync();
        Assert.True(client.IsInitialized);
        client.IncrementCounter("lifecycle");

        Assert.True(await client.ShutdownAsync());
        Assert.True(await client.ShutdownAsync());
        Assert.False(client.IsInitialized);
        Assert.Throws<NotInitializedException>(() => client.IncrementCounter("lifecycle"));
        Assert.Throws<NotInitializedException>(() => client.Initialize());
        client.Dispose();
        client.Dispose();
    }

    [Fact]
    public async Task Dispose_FlushesEverythingRecordedBefore()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1));
        client.LogInfo("before dispose");
        using (client.Span("before dispose"))
        {
        }

        client.Dispose();
        await receiver.WaitUntilAsync(r => r.Logs.Count == 1 && r.Spans.Count == 1);
    }

    [Fact]
    public async Task Shutdown_EndsSpansLeftOpen_SoTheyAreExported()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc)))
        {
            client.StartSpan("never-ended");
            Assert.Equal(1, client.GetStatus().OpenSpans);
            await client.ShutdownAsync();
            Assert.Equal(0, client.GetStatus().OpenSpans);
        }

        Assert.Equal("never-ended", Assert.Single(await receiver.WaitForSpansAsync(1)).Name);
    }

    public static TheoryData<string, Action<ITelemetryFlowClient>, Type> InvalidArguments => new()
    {
        { "null counter name", c => c.IncrementCounter(null!), typeof(ArgumentNullException) },
        { "empty counter name", c => c.IncrementCounter(""), typeof(ArgumentException) },
        { "whitespace gauge name", c => c.RecordGauge("  ", 1), typeof(ArgumentException) },
        { "negative counter", c => c.IncrementCounter("n", -1), typeof(ArgumentOutOfRangeException) },
        { "NaN gauge", c => c.RecordGauge("g", double.NaN), typeof(ArgumentOutOfRangeException) },
        { "infinite histogram", c => c.RecordHistogram("h", double.PositiveInfinity), typeof(ArgumentOutOfRangeException) },
        { "negative infinite metric", c => c.RecordMetric("m", double.NegativeInfinity), typeof(ArgumentOutOfRangeException) },
        { "null span name", c => c.StartSpan(null!), typeof(ArgumentNullException) },
        { "empty scope name", c => c.Span(""), typeof(ArgumentException) },
        { "undefined span kind", c => c.StartSpan("s", (SpanKind)42), typeof(ArgumentOutOfRangeException) },
        { "null log message", c => c.LogInfo(null!), typeof(ArgumentNullException) },
        { "undefined severity", c => c.Log("m", (SeverityLevel)9), typeof(ArgumentOutOfRangeException) },
        { "empty span id", c => c.EndSpan(""), typeof(ArgumentException) },
        { "empty event name", c => c.AddSpanEvent("0000000000000001", ""), typeof(ArgumentException) },
    };

    [Theory]
    [MemberData(nameof(InvalidArguments))]
    public async Task ClientCall_InvalidArgument_ThrowsSpecificArgumentExceptionSynchronously(string scenario, Action<ITelemetryFlowClient> call, Type expected)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.Grpc));
        var error = Assert.Throws(expected, () => call(client));
        Assert.False(string.IsNullOrWhiteSpace(((ArgumentException)error).ParamName), scenario);
        Assert.Equal(0, client.GetStatus().Metrics.Recorded);
    }

    [Fact]
    public async Task Status_AfterExport_ReportsCountsConfigurationAndNoSecret()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1));
        client.IncrementCounter("status.calls");
        client.LogWarn("status log");
        client.LogWarn("status log");
        using (client.Span("status span"))
        {
        }

        Assert.True(await client.FlushAsync());
        var status = await client.GetStatusAsync();
        Assert.True(status.IsInitialized);
        Assert.Equal("integration-tests", status.ServiceName);
        Assert.Equal(Protocol.HttpProtobuf, status.Protocol);
        Assert.Equal(SignalType.All, status.EnabledSignals);
        Assert.Equal(TelemetryConfig.DistroVersion, status.SdkVersion);
        Assert.True(status.Uptime > TimeSpan.Zero);
        Assert.Equal((1L, 1L, 0L), (status.Traces.Recorded, status.Traces.Exported, status.Traces.Failed));
        Assert.Equal((2L, 2L, 0L), (status.Logs.Recorded, status.Logs.Exported, status.Logs.Failed));
        Assert.Equal(1L, status.Metrics.Recorded);
        Assert.True(status.Metrics.Exported >= 1);
        Assert.NotNull(status.Traces.LastSuccessAt);
        Assert.Null(status.Traces.LastFailureAt);
        Assert.DoesNotContain(TestClients.KeySecret, status.ToString(), StringComparison.Ordinal);

        var health = await client.GetHealthAsync();
        Assert.Equal(HealthState.Healthy, health.Status);
        Assert.Equal(["traces-exporter", "metrics-exporter", "logs-exporter"], health.Components.Select(c => c.Name));
        Assert.Empty((await client.GetHealthAsync(includeComponents: false)).Components);
    }

    [Theory]
    [InlineData(Transport.Grpc)]
    [InlineData(Transport.HttpV1)]
    public async Task Status_EndpointRefusesConnections_CountsFailuresWithReasonAndHealthIsUnhealthy(Transport transport)
    {
        using var refusing = RefusingEndpoint.Create();
        await using var client = TestClients.Start(TestClients.Builder(refusing, transport).WithTimeout(TimeSpan.FromSeconds(2)).WithRetry(enabled: false));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            client.LogError("nobody is listening");
            await client.FlushAsync();
        }

        var status = client.GetStatus();
        Assert.Equal(3, status.Logs.Recorded);
        Assert.Equal(3, status.Logs.Failed);
        Assert.Equal(0, status.Logs.Exported);
        Assert.Equal(3, status.Logs.ConsecutiveFailures);
        Assert.NotNull(status.Logs.LastFailureAt);
        Assert.Contains("ConnectionRefused", status.Logs.LastFailureReason, StringComparison.Ordinal);

        var health = await client.GetHealthAsync();
        Assert.Equal(HealthState.Unhealthy, health.Status);
        var logs = Assert.Single(health.Components, c => c.Name == "logs-exporter");
        Assert.Equal(HealthState.Unhealthy, logs.Status);
        Assert.Contains("ConnectionRefused", logs.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.KeySecret, health.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_BackendRejectsCredentials_ReasonSaysCredentialsRejected()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.EnqueueFailure(OtlpFailure.Unauthorized().ForSignal(OtlpSignal.Logs));
        await using var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1).WithRetry(enabled: false));
        client.LogInfo("rejected");
        await client.FlushAsync();

        var status = client.GetStatus();
        Assert.Equal(1, status.Logs.Failed);
        Assert.Contains("401", status.Logs.LastFailureReason, StringComparison.Ordinal);
        Assert.Contains("credentials rejected", status.Logs.LastFailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ComponentFailsToConstruct_ThrowsClearErrorWithoutHanging()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var config = TestClients.Builder(receiver, Transport.Grpc).Build();

        var error = await Task.Run(() => Assert.Throws<TelemetryFlowException>(() =>
            TelemetryFlowClient.Create(config, services => services.AddSingleton<TimeProvider>(_ => throw new InvalidOperationException("clock unavailable"))))).WaitAsync(NoHang);

        Assert.Contains("failed to construct", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task Initialize_HandlerDependencyThrows_ReportsErrorAndLaterCallsFailFastWithoutHanging()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var config = TestClients.Builder(receiver, Transport.Grpc).Build();
        await using var client = TelemetryFlowClient.Create(config, services => services.AddSingleton<TimeProvider>(new BrokenClock()));

        var error = await Task.Run(() => Assert.Throws<TelemetryFlowException>(client.Initialize)).WaitAsync(NoHang);
        Assert.Contains("failed to start", error.Message, StringComparison.Ordinal);

        var later = await Task.Run(() => Assert.Throws<NotInitializedException>(() => client.IncrementCounter("after-failure"))).WaitAsync(NoHang);
        Assert.IsType<InvalidOperationException>(later.InnerException);
        Assert.False((await client.GetStatusAsync().AsTask().WaitAsync(NoHang)).IsInitialized);
        Assert.Equal(HealthState.Unhealthy, (await client.GetHealthAsync()).Status);
    }

    [Fact]
    public async Task TwoClients_InOneProcess_EachExportsOnlyItsOwnTelemetry()
    {
        await using var receiverA = await OtlpReceiver.StartAsync();
        await using var receiverB = await OtlpReceiver.StartAsync();
        await using (var a = TestClients.Start(TestClients.Builder(receiverA, Transport.Grpc, "service-a")))
        await using (var b = TestClients.Start(TestClients.Builder(receiverB, Transport.Grpc, "service-b")))
        {
            a.IncrementCounter("only.a");
            b.IncrementCounter("only.b");
            using (a.Span("span.a"))
            {
            }

            using (b.Span("span.b"))
            {
            }

            await a.ShutdownAsync();
            await b.ShutdownAsync();
        }

        await receiverA.WaitUntilAsync(r => r.Spans.Count >= 1 && r.Metrics.Count >= 1);
        await receiverB.WaitUntilAsync(r => r.Spans.Count >= 1 && r.Metrics.Count >= 1);
        Assert.Equal(["span.a"], receiverA.Spans.Select(s => s.Name));
        Assert.Equal(["span.b"], receiverB.Spans.Select(s => s.Name));

        // The process-wide platform meters (runtime, process) are exported by both; the clients' own are not shared.
        Assert.Equal(["only.a"], receiverA.Metrics.Where(m => m.ScopeName == "TelemetryFlow").Select(m => m.Name).Distinct());
        Assert.Equal(["only.b"], receiverB.Metrics.Where(m => m.ScopeName == "TelemetryFlow").Select(m => m.Name).Distinct());

        // The SDK's own meter is per client too: one stream of delivered spans per receiver, counting its client's one span.
        Assert.All([receiverA, receiverB], r => Assert.Equal(1, Assert.Single(r.Metrics.Last(m => m.Name == "otel.sdk.exporter.span.exported").DataPoints).IntValue));
    }

    [Fact]
    public async Task DisabledSignals_AreNotExported_AndCallsStillSucceed()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1).WithTracesOnly()))
        {
            client.IncrementCounter("ignored");
            client.LogInfo("ignored");
            using (client.Span("kept"))
            {
            }

            var health = await client.GetHealthAsync();
            Assert.Equal(["traces-exporter"], health.Components.Select(c => c.Name));
            await client.ShutdownAsync();
        }

        await receiver.WaitForSpansAsync(1);
        Assert.All(receiver.Requests, r => Assert.Equal(OtlpSignal.Traces, r.Signal));
    }

    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("clock unavailable");
    }
}
