using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using TelemetryFlow.AspNetCore.Implementation;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;
using OtlpStatusCode = TelemetryFlow.Testing.Otlp.Trace.V1.Status.Types.StatusCode;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>The server span of <c>UseTelemetryFlow()</c>, as the receiver decoded it.</summary>
public sealed class TelemetryFlowMiddlewareTests
{
    private const string IncomingTraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string IncomingParentSpanId = "b7ad6b7169203331";

    // ASP.NET Core 10 sets the span's name and attributes itself unless this switch is on; then the middleware sets them.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_WithTraceparent_ExportsOneServerSpanInTheIncomingTraceNamedByRoute(bool hostingAttributesSuppressed)
    {
        using var suppression = SuppressHostingActivityAttributes(hostingAttributesSuppressed);
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver));
        var address = TestWebApp.BaseAddress(app);
        using var http = TestWebApp.CreateClient(app);

        using var response = await http.SendAsync(HelloWithTraceparent(userAgent: "web-tests/1.0"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.Spans);
        Assert.Equal(OtlpSpanKind.Server, span.Kind);
        Assert.Equal("GET /hello/{name}", span.Name);
        Assert.Equal(IncomingTraceId, span.TraceIdHex);
        Assert.Equal(IncomingParentSpanId, span.ParentSpanIdHex);
        Assert.Equal(OtlpStatusCode.Unset, span.StatusCode);
        Assert.Equal(TestWebApp.ServiceName, span.ServiceName);
        Assert.Equal("GET", span.Attributes["http.request.method"]);
        Assert.Equal("/hello/world", span.Attributes["url.path"]);
        Assert.Equal("http", span.Attributes["url.scheme"]);
        Assert.Equal("/hello/{name}", span.Attributes["http.route"]);
        Assert.Equal(200L, span.Attributes["http.response.status_code"]);
        Assert.Equal("127.0.0.1", span.Attributes["server.address"]);
        Assert.Equal((long)address.Port, span.Attributes["server.port"]);
        Assert.Equal("1.1", span.Attributes["network.protocol.version"]);
        Assert.Equal("web-tests/1.0", span.Attributes["user_agent.original"]);
    }

    [Fact]
    public async Task Request_WithOpenTelemetryAspNetCoreInstrumentationAlsoInTheHost_ExportsOneServerSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);
        var hostPipeline = new CollectingProcessor();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddProcessor(hostPipeline));
        await using var app = await TestWebApp.StartAsync(builder);
        using var http = TestWebApp.CreateClient(app);

        using var response = await http.SendAsync(HelloWithTraceparent());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.Spans);
        Assert.Equal("GET /hello/{name}", span.Name);
        Assert.Equal(IncomingParentSpanId, span.ParentSpanIdHex);

        // Both pipelines observed one and the same request activity: nothing was created twice.
        var seen = Assert.Single(hostPipeline.Ended, a => a.TraceId.ToHexString() == IncomingTraceId);
        Assert.Equal(span.SpanIdHex, seen.SpanId.ToHexString());
    }

    [Fact]
    public async Task Request_WithAnIndependentTracerProviderOnTheAspNetCoreSource_ExportsOneServerSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var independent = new CollectingProcessor();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource("Microsoft.AspNetCore").AddProcessor(independent).Build();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver));
        using var http = TestWebApp.CreateClient(app);

        using var response = await http.SendAsync(HelloWithTraceparent());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.Spans);
        Assert.Equal("GET /hello/{name}", span.Name);
        var seen = Assert.Single(independent.Ended, a => a.TraceId.ToHexString() == IncomingTraceId);
        Assert.Equal(span.SpanIdHex, seen.SpanId.ToHexString());
    }

    [Fact]
    public async Task Request_UnmatchedRoute_ExportsServerSpanNamedByMethodOnly()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver));
        using var http = TestWebApp.CreateClient(app);

        using var response = await http.GetAsync(new Uri("/no/such/route", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.ServerSpans());
        Assert.Equal("GET", span.Name);
        Assert.Equal(404L, span.Attributes["http.response.status_code"]);
        Assert.Equal("/no/such/route", span.Attributes["url.path"]);
        Assert.False(span.Attributes.ContainsKey("http.route"));
        Assert.False(span.Attributes.ContainsKey("user_agent.original"));

        // A 4xx is the client's fault, not the server's.
        Assert.Equal(OtlpStatusCode.Unset, span.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_HandlerThrows_ExportsErrorSpanWithExceptionEventAndClientGets500(bool hostingAttributesSuppressed)
    {
        using var suppression = SuppressHostingActivityAttributes(hostingAttributesSuppressed);
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver));
        using var http = TestWebApp.CreateClient(app);

        using var response = await http.GetAsync(new Uri("/fail", UriKind.Relative));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.ServerSpans());
        Assert.Equal("GET /fail", span.Name);
        Assert.Equal(OtlpStatusCode.Error, span.StatusCode);
        Assert.Equal(SampleRoutes.FailMessage, span.StatusMessage);
        Assert.Equal(500L, span.Attributes["http.response.status_code"]);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.Attributes["error.type"]);
        Assert.Equal(["exception"], span.EventNames);
        var exception = span.EventAttributes("exception")!;
        Assert.Equal(typeof(InvalidOperationException).FullName, exception["exception.type"]);
        Assert.Equal(SampleRoutes.FailMessage, exception["exception.message"]);
        Assert.Contains(nameof(SampleRoutes), Assert.IsType<string>(exception["exception.stacktrace"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_HandlerThrows_RethrowsTheSameExceptionInstanceWithItsStackTrace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var thrown = new InvalidOperationException("thrown by the handler");
        await using var app = await TestWebApp.StartAsync(
            TestWebApp.CreateBuilder(receiver, TestServerKind.InMemory),
            routes: app => app.MapGet("/throw", IResult () => throw thrown));
        using var http = TestWebApp.CreateClient(app);

        // TestServer hands the app's unhandled exception to the caller: the middleware neither wrapped nor replaced it.
        // (No span assertion here: TestServer does not wait for the request's activity to end before the host stops.)
        var caught = await Assert.ThrowsAsync<InvalidOperationException>(() => http.GetAsync(new Uri("/throw", UriKind.Relative)));
        Assert.Same(thrown, caught);
        Assert.Contains(nameof(TelemetryFlowMiddlewareTests), caught.StackTrace, StringComparison.Ordinal);
        await app.StopAsync();
    }

    /// <summary>
    /// The middleware completes a request inline when the rest of the pipeline finished synchronously, and after it
    /// otherwise; a failure thrown before the pipeline returned a task takes a third path. Each records the same span
    /// and the same metrics.
    /// </summary>
    [Theory]
    [InlineData("/completes/sync", 200)]
    [InlineData("/completes/async", 200)]
    [InlineData("/throws/sync", 500)]
    [InlineData("/throws/async", 500)]
    public async Task Request_PipelineCompletesSynchronouslyOrNot_RecordsTheSameSpanAndMetrics(string path, int status)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver), routes: app =>
        {
            // Registered after UseTelemetryFlow(), so it throws out of the middleware's call to the rest of the pipeline.
            app.Use(next => context => context.Request.Path == "/throws/sync" ? throw new InvalidOperationException(SampleRoutes.FailMessage) : next(context));
            app.MapGet("/throws/sync", () => "never reached");
            app.MapGet("/completes/sync", () => "done");
            app.MapGet("/completes/async", async () =>
            {
                await Task.Yield();
                return "done";
            });
            app.MapGet("/throws/async", async Task<string> () =>
            {
                await Task.Yield();
                throw new InvalidOperationException(SampleRoutes.FailMessage);
            });
        });
        using var http = TestWebApp.CreateClient(app);

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.ServerSpans());
        Assert.Equal($"GET {path}", span.Name);
        Assert.Equal((long)status, span.Attributes["http.response.status_code"]);
        Assert.Equal(status == 500 ? OtlpStatusCode.Error : OtlpStatusCode.Unset, span.StatusCode);
        var duration = Assert.Single(receiver.LastMetric("http.server.request.duration")!.DataPoints);
        Assert.Equal(1UL, duration.Count);
        Assert.Equal(path, duration.Attributes["http.route"]);
        Assert.Equal((long)status, duration.Attributes["http.response.status_code"]);
        var active = Assert.Single(receiver.LastMetric("http.server.active_requests")!.DataPoints);
        Assert.Equal(0L, active.IntValue);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_UnknownMethod_IsRecordedAsOtherWithTheOriginalOnTheSpan(bool hostingAttributesSuppressed)
    {
        using var suppression = SuppressHostingActivityAttributes(hostingAttributesSuppressed);
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(
            TestWebApp.CreateBuilder(receiver),
            routes: app => app.MapMethods("/dav", ["PROPFIND"], () => "listing"));
        using var http = TestWebApp.CreateClient(app);

        using var request = new HttpRequestMessage(new HttpMethod("PROPFIND"), new Uri("/dav", UriKind.Relative));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.ServerSpans());
        Assert.Equal("HTTP /dav", span.Name);
        Assert.Equal("_OTHER", span.Attributes["http.request.method"]);
        Assert.Equal("PROPFIND", span.Attributes["http.request.method_original"]);
        var duration = Assert.Single(receiver.LastMetric("http.server.request.duration")!.DataPoints);
        Assert.Equal("_OTHER", duration.Attributes["http.request.method"]);
    }

    [Fact]
    public async Task Requests_ManyToOneRouteAndHost_EachSpanCarriesTheSameNameAndServerAddress()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver));
        var address = TestWebApp.BaseAddress(app);
        using var http = TestWebApp.CreateClient(app);

        foreach (var name in new[] { "a", "b", "c" })
        {
            using var response = await http.GetAsync(new Uri($"/hello/{name}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var other = new HttpRequestMessage(HttpMethod.Get, new Uri("/hello/d", UriKind.Relative)))
        {
            other.Headers.Host = $"localhost:{address.Port}";
            using var response = await http.SendAsync(other);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await app.StopAsync();

        var spans = receiver.ServerSpans().OrderBy(s => (string)s.Attributes["url.path"]!, StringComparer.Ordinal).ToList();
        Assert.Equal(4, spans.Count);
        Assert.All(spans, s => Assert.Equal("GET /hello/{name}", s.Name));
        Assert.All(spans, s => Assert.Equal((long)address.Port, s.Attributes["server.port"]));
        Assert.Equal(["127.0.0.1", "127.0.0.1", "127.0.0.1", "localhost"], spans.Select(s => (string)s.Attributes["server.address"]!));
    }

    [Fact]
    public async Task Request_5xxResultWithoutException_ExportsErrorSpanWithStatusCodeAsErrorType()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(
            TestWebApp.CreateBuilder(receiver),
            routes: app => app.MapGet("/unavailable", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable)));
        using var http = TestWebApp.CreateClient(app);

        using var response = await http.GetAsync(new Uri("/unavailable", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        await app.StopAsync();

        var span = Assert.Single(receiver.ServerSpans());
        Assert.Equal(OtlpStatusCode.Error, span.StatusCode);
        Assert.Equal("503", span.Attributes["error.type"]);
        Assert.Empty(span.EventNames);
    }

    [Fact]
    public async Task ServerSpans_AnotherWebHostInTheSameProcess_AreNotExported()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestWebApp.StartAsync(TestWebApp.CreateBuilder(receiver));

        // A second web host in the process, without TelemetryFlow (the in-process OTLP receiver is one too).
        await using var other = TestWebApp.CreateBareBuilder().Build();
        other.MapGet("/other", () => "other");
        await other.StartAsync();
        using (var otherHttp = TestWebApp.CreateClient(other))
        {
            Assert.Equal("other", await otherHttp.GetStringAsync(new Uri("/other", UriKind.Relative)));
        }

        await other.StopAsync();
        using var http = TestWebApp.CreateClient(app);
        using var response = await http.GetAsync(new Uri("/hello/world", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();

        // Only this app's request: not the other host's, whose activity comes from a source of the same name.
        Assert.Equal(["GET /hello/{name}"], receiver.Spans.Select(s => s.Name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_UnderPathBase_UrlPathIncludesThePathBase(bool hostingAttributesSuppressed)
    {
        using var suppression = SuppressHostingActivityAttributes(hostingAttributesSuppressed);
        await using var receiver = await OtlpReceiver.StartAsync();
        var app = TestWebApp.CreateBuilder(receiver).Build();
        await using (app)
        {
            app.UsePathBase("/shop");
            app.UseTelemetryFlow();
            app.MapGet("/cart", () => "ok");
            await app.StartAsync();
            using var http = TestWebApp.CreateClient(app);

            using var response = await http.GetAsync(new Uri("/shop/cart", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await app.StopAsync();
        }

        var span = Assert.Single(receiver.ServerSpans());
        Assert.Equal("/shop/cart", span.Attributes["url.path"]);
    }

    /// <summary>
    /// Sets ASP.NET Core's <c>SuppressActivityOpenTelemetryData</c> switch until disposed. Hosting and the middleware read
    /// it when they are built, so it must be set before the app starts; tests in this assembly run one at a time.
    /// </summary>
    private static SwitchScope SuppressHostingActivityAttributes(bool suppressed)
    {
        // AppContext cannot unset a switch; an absent one reads as suppressed on ASP.NET Core 10, so that is put back.
        var previous = !AppContext.TryGetSwitch(HostActivityTags.SuppressSwitch, out var value) || value;
        AppContext.SetSwitch(HostActivityTags.SuppressSwitch, suppressed);
        return new SwitchScope(previous);
    }

    private readonly struct SwitchScope(bool previous) : IDisposable
    {
        public void Dispose() => AppContext.SetSwitch(HostActivityTags.SuppressSwitch, previous);
    }

    private static HttpRequestMessage HelloWithTraceparent(string? userAgent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/hello/world", UriKind.Relative));
        request.Headers.Add("traceparent", $"00-{IncomingTraceId}-{IncomingParentSpanId}-01");
        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent);
        }

        return request;
    }
}
