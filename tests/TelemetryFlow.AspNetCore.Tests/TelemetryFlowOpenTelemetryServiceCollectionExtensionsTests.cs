using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>
/// The DI hook onto the host client's tracer and meter provider builders
/// (<c>ConfigureTelemetryFlowTracerProvider</c>/<c>ConfigureTelemetryFlowMeterProvider</c>), checked at the receiver.
/// </summary>
public sealed class TelemetryFlowOpenTelemetryServiceCollectionExtensionsTests
{
    [Fact]
    public async Task ConfigureProviders_ThirdPartySourceAndMeterFromHostServices_ArriveInTheRequestsTrace()
    {
        var library = new LibraryTelemetry($"ThirdParty.Library.{Guid.NewGuid():N}");
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBareBuilder();
        builder.Services.AddSingleton(library);

        // Registered before AddTelemetryFlow(): the order of the calls does not matter.
        builder.Services.ConfigureTelemetryFlowTracerProvider((services, tracing) => tracing.AddSource(services.GetRequiredService<LibraryTelemetry>().Name));
        builder.Services.ConfigureTelemetryFlowMeterProvider((services, metrics) => metrics.AddMeter(services.GetRequiredService<LibraryTelemetry>().Name));
        builder.Services.AddTelemetryFlow(telemetry => TestWebApp.ExportTo(telemetry, receiver));
        await using var app = await TestWebApp.StartAsync(builder, routes: app => app.MapGet("/library", (LibraryTelemetry telemetry) =>
        {
            using (telemetry.Source.StartActivity("library.call"))
            {
                telemetry.Calls.Add(1);
            }

            return "done";
        }));
        using (var http = TestWebApp.CreateClient(app))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/library", UriKind.Relative))).StatusCode);
        }

        await app.StopAsync();

        var server = Assert.Single(receiver.ServerSpans());
        var call = Assert.Single(receiver.Spans, s => s.ScopeName == library.Name);
        Assert.Equal("library.call", call.Name);
        Assert.Equal(server.TraceIdHex, call.TraceIdHex);
        Assert.Equal(server.SpanIdHex, call.ParentSpanIdHex);
        var calls = receiver.Metrics.Last(m => m.ScopeName == library.Name);
        Assert.Equal(1L, Assert.Single(calls.DataPoints).IntValue);

        var status = app.Services.GetRequiredService<ITelemetryFlowClient>().GetStatus();
        Assert.Equal(2L, status.Traces.Exported);
    }

    [Fact]
    public async Task ConfigureTracerProvider_InstrumentationLibraries_WorkWithTheirOwnOptions()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);

        // The SDK's own HttpClient instrumentation off: the app adds OpenTelemetry's, with options, through the hook.
        builder.Services.Configure<TelemetryFlowHostingOptions>(options => options.InstrumentHttpClient = false);
        builder.Services.ConfigureTelemetryFlowTracerProvider(tracing => tracing
            .AddHttpClientInstrumentation(options => options.EnrichWithHttpRequestMessage = (activity, _) => activity.SetTag("enriched.by", "http-hook"))
            .AddAspNetCoreInstrumentation(options => options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("enriched.by", "aspnetcore-hook")));
        await using var app = await TestWebApp.StartAsync(builder);
        using (var http = TestWebApp.CreateClient(app))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/chain", UriKind.Relative))).StatusCode);
        }

        await app.StopAsync();

        var client = Assert.Single(receiver.Spans, s => s.Kind == OtlpSpanKind.Client);
        Assert.Equal("http-hook", client.Attributes["enriched.by"]);
        var servers = receiver.ServerSpans();
        Assert.Equal(2, servers.Count);
        Assert.All(servers, s => Assert.Equal("aspnetcore-hook", s.Attributes["enriched.by"]));
        var inner = Assert.Single(servers, s => s.Name == "GET /hello/{name}");
        Assert.Equal(client.SpanIdHex, inner.ParentSpanIdHex);
    }

    [Fact]
    public async Task ConfigureProviders_CalledSeveralTimes_EveryCallbackRuns()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);
        var tracing = new List<string>();
        var metrics = new List<string>();
        builder.Services.ConfigureTelemetryFlowTracerProvider(_ => tracing.Add("first"));
        builder.Services.ConfigureTelemetryFlowTracerProvider((_, _) => tracing.Add("second"));
        builder.Services.ConfigureTelemetryFlowMeterProvider(_ => metrics.Add("first"));
        builder.Services.ConfigureTelemetryFlowMeterProvider((_, _) => metrics.Add("second"));
        builder.Services.AddTelemetryFlow();
        await using var app = await TestWebApp.StartAsync(builder);

        Assert.Equal(["first", "second"], tracing);
        Assert.Equal(["first", "second"], metrics);
    }

    [Fact]
    public void ConfigureProviders_NullArguments_AreRejected()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentNullException>(() => services.ConfigureTelemetryFlowTracerProvider((Action<TracerProviderBuilder>)null!));
        Assert.Throws<ArgumentNullException>(() => services.ConfigureTelemetryFlowTracerProvider((Action<IServiceProvider, TracerProviderBuilder>)null!));
        Assert.Throws<ArgumentNullException>(() => services.ConfigureTelemetryFlowMeterProvider((Action<MeterProviderBuilder>)null!));
        Assert.Throws<ArgumentNullException>(() => services.ConfigureTelemetryFlowMeterProvider((Action<IServiceProvider, MeterProviderBuilder>)null!));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).ConfigureTelemetryFlowTracerProvider((_, _) => { }));
    }

    /// <summary>A third-party library's telemetry, as an app's container would hold it.</summary>
    private sealed class LibraryTelemetry : IDisposable
    {
        public LibraryTelemetry(string name)
        {
            Name = name;
            Source = new ActivitySource(name);
            Meter = new Meter(name);
            Calls = Meter.CreateCounter<long>("library.calls");
        }

        public string Name { get; }

        public ActivitySource Source { get; }

        public Meter Meter { get; }

        public Counter<long> Calls { get; }

        public void Dispose()
        {
            Source.Dispose();
            Meter.Dispose();
        }
    }
}
