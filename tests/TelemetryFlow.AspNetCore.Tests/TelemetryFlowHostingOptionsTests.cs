using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>
/// The instrumentation switches of <see cref="TelemetryFlowHostingOptions"/>, on real Kestrel with the app calling
/// itself through an <c>IHttpClientFactory</c> client (the sample's <c>/chain</c>).
/// </summary>
public sealed class TelemetryFlowHostingOptionsTests
{
    [Fact]
    public async Task Chain_DefaultInstrumentation_ExportsServerClientServerInOneTrace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver));
        using var http = TestWebApp.CreateClient(app);

        Assert.Contains("Hello, chain!", await http.GetStringAsync(new Uri("/chain", UriKind.Relative)), StringComparison.Ordinal);
        await app.StopAsync();

        Assert.Equal(3, receiver.Spans.Count);
        var outer = Assert.Single(receiver.Spans, s => s.Name == "GET /chain");
        var client = Assert.Single(receiver.Spans, s => s.Kind == OtlpSpanKind.Client);
        var inner = Assert.Single(receiver.Spans, s => s.Name == "GET /hello/{name}");

        Assert.Equal(OtlpSpanKind.Server, outer.Kind);
        Assert.Null(outer.ParentSpanIdHex);
        Assert.Equal(outer.SpanIdHex, client.ParentSpanIdHex);
        Assert.Equal(OtlpSpanKind.Server, inner.Kind);
        Assert.Equal(client.SpanIdHex, inner.ParentSpanIdHex);
        Assert.All(receiver.Spans, s => Assert.Equal(outer.TraceIdHex, s.TraceIdHex));

        Assert.Equal("GET", client.Attributes["http.request.method"]);
        Assert.Equal($"{TestWebApp.BaseAddress(app).AbsoluteUri.TrimEnd('/')}/hello/chain", client.Attributes["url.full"]);
        Assert.Equal(200L, client.Attributes["http.response.status_code"]);
        Assert.Equal("/hello/chain", inner.Attributes["url.path"]);

        // The log written by the inner request belongs to the inner server span.
        var log = Assert.Single(receiver.LogsOf(SampleRoutes.LogCategory));
        Assert.Equal(outer.TraceIdHex, log.TraceIdHex);
        Assert.Equal(inner.SpanIdHex, log.SpanIdHex);
    }

    [Fact]
    public async Task InstrumentHttpClient_False_ExportsNoClientSpanButTraceContextStillFlows()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);
        builder.Services.Configure<TelemetryFlowHostingOptions>(options => options.InstrumentHttpClient = false);
        await using var app = await TestWebApp.StartAsync(builder);
        using var http = TestWebApp.CreateClient(app);

        Assert.Contains("Hello, chain!", await http.GetStringAsync(new Uri("/chain", UriKind.Relative)), StringComparison.Ordinal);
        await app.StopAsync();

        Assert.DoesNotContain(receiver.Spans, s => s.Kind == OtlpSpanKind.Client);
        var outer = Assert.Single(receiver.Spans, s => s.Name == "GET /chain");
        var inner = Assert.Single(receiver.Spans, s => s.Name == "GET /hello/{name}");
        Assert.Equal(outer.TraceIdHex, inner.TraceIdHex);

        // .NET still starts an (unexported) client activity to propagate the context: it is the inner span's parent.
        Assert.NotNull(inner.ParentSpanIdHex);
        Assert.DoesNotContain(receiver.Spans, s => s.SpanIdHex == inner.ParentSpanIdHex);
    }

    [Fact]
    public async Task InstrumentAspNetCore_False_ExportsNoServerSpanButStillRecordsMetrics()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);
        builder.Services.Configure<TelemetryFlowHostingOptions>(options => options.InstrumentAspNetCore = false);
        await using var app = await TestWebApp.StartAsync(builder);
        using var http = TestWebApp.CreateClient(app);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/world", UriKind.Relative))).StatusCode);
        await app.StopAsync();

        Assert.Empty(receiver.Spans);
        Assert.Equal(1UL, Assert.Single(receiver.RequireMetric("http.server.request.duration").DataPoints).Count);
        Assert.Single(receiver.LogsOf(SampleRoutes.LogCategory));
    }
}
