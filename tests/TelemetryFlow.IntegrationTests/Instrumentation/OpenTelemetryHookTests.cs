using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Trace;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;

namespace TelemetryFlow.IntegrationTests.Instrumentation;

/// <summary>
/// The code hook onto the client's tracer and meter provider builders (<c>BuildClient(otel =&gt; …)</c>): what a
/// third-party source, meter or instrumentation library adds arrives at the receiver, through the SDK's safety
/// processor and accounting.
/// </summary>
public sealed class OpenTelemetryHookTests
{
    [Fact]
    public async Task Hook_WithALoggerFactory_BothApply()
    {
        var library = $"ThirdParty.Library.{Guid.NewGuid():N}";
        await using var receiver = await OtlpReceiver.StartAsync();
        using var capture = new TelemetryFlow.Tests.Shared.CapturingLoggerProvider();
        using var logging = LoggerFactory.Create(b => b.AddProvider(capture));
        await using var client = TestClients.Builder(receiver, Transport.Grpc)
            .BuildClient(logging, otel => otel.WithTracing(tracing => tracing.AddSource(library)));
        client.Initialize();

        using var source = new ActivitySource(library);
        source.StartActivity("library.call")?.Dispose();
        Assert.True(await client.ShutdownAsync());

        await receiver.WaitUntilAsync(r => r.Spans.Any(s => s.ScopeName == library));
        Assert.Single(capture.Of("TelemetryFlow"), l => l.EventId.Id == 1);
    }

    [Fact]
    public async Task Hook_ThirdPartySourceAndMeter_ArriveSanitizedAndCounted()
    {
        var library = $"ThirdParty.Library.{Guid.NewGuid():N}";
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Builder(receiver, Transport.Grpc)
            .WithLimits(attributeValueLength: 16)
            .BuildClient(otel => otel
                .WithTracing(tracing => tracing.AddSource(library))
                .WithMetrics(metrics => metrics.AddMeter(library)));
        client.Initialize();

        using var source = new ActivitySource(library);
        using var meter = new Meter(library);
        using (var activity = source.StartActivity("library.call"))
        {
            Assert.NotNull(activity);
            activity.SetTag("library.payload", new string('x', 100));
        }

        meter.CreateCounter<long>("library.calls").Add(3);
        Assert.True(await client.FlushAsync());
        var status = client.GetStatus();
        Assert.True(await client.ShutdownAsync());

        await receiver.WaitUntilAsync(r => r.Spans.Any(s => s.ScopeName == library) && r.Metrics.Any(m => m.ScopeName == library));
        var span = Assert.Single(receiver.Spans, s => s.ScopeName == library);
        Assert.Equal("library.call", span.Name);
        var payload = Assert.IsType<string>(span.Attributes["library.payload"]);
        Assert.InRange(payload.Length, 1, 16);
        Assert.Equal(1L, status.Traces.Recorded);
        Assert.Equal(1L, status.Traces.Exported);
        Assert.Equal(1L, status.Traces.TruncatedAttributes);

        var calls = receiver.Metrics.Last(m => m.ScopeName == library && m.Name == "library.calls");
        Assert.Equal(3L, Assert.Single(calls.DataPoints).IntValue);
    }

    [Fact]
    public async Task Hook_HttpClientInstrumentation_AddsClientSpansWithItsOwnOptions()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var client = TestClients.Builder(receiver, Transport.Grpc)
            .BuildClient(otel => otel.WithTracing(tracing => tracing.AddHttpClientInstrumentation(options =>
                options.EnrichWithHttpRequestMessage = (activity, _) => activity.SetTag("enriched.by", "hook"))));
        client.Initialize();

        var probe = new Uri(receiver.HttpEndpoint, $"probe/{Guid.NewGuid():N}");
        using (var http = new HttpClient())
        {
            using var response = await http.GetAsync(probe);
        }

        Assert.True(await client.ShutdownAsync());

        await receiver.WaitUntilAsync(r => r.Spans.Any(s => IsProbe(s, probe)));
        var span = Assert.Single(receiver.Spans, s => IsProbe(s, probe));
        Assert.Equal(OtlpSpanKind.Client, span.Kind);
        Assert.Equal("GET", span.Attributes["http.request.method"]);
        Assert.Equal("hook", span.Attributes["enriched.by"]);

        // The exporter's own requests to the same receiver are not traced.
        Assert.DoesNotContain(receiver.Spans, s => s.Kind == OtlpSpanKind.Client && !IsProbe(s, probe) && Url(s).StartsWith(receiver.GrpcEndpoint.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Hook_NullCallback_IsRejected()
    {
        var config = new TelemetryFlowBuilder()
            .WithApiKey(TestClients.KeyId, TestClients.KeySecret)
            .WithService("hook-tests")
            .WithEndpoint("http://127.0.0.1:4317")
            .Build();
        Assert.Throws<ArgumentNullException>(() => TelemetryFlowClient.Create(config, (Action<TelemetryFlowOpenTelemetryBuilder>)null!));
        Assert.Throws<ArgumentNullException>(() => TelemetryFlowClient.Create(config, otel => otel.WithTracing(null!)));
        Assert.Throws<ArgumentNullException>(() => TelemetryFlowClient.Create(config, otel => otel.WithMetrics(null!)));
    }

    private static bool IsProbe(ReceivedSpan span, Uri probe) => Url(span) == probe.ToString();

    private static string Url(ReceivedSpan span) => span.Attributes.GetValueOrDefault("url.full") as string ?? string.Empty;
}
