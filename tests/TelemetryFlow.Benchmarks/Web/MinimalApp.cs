using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TelemetryFlow.Benchmarks.Support;

namespace TelemetryFlow.Benchmarks.Web;

/// <summary>
/// Which of the three apps: the endpoint alone, the endpoint behind <c>UseTelemetryFlow()</c>, or the endpoint with
/// stock OpenTelemetry ASP.NET Core instrumentation.
/// </summary>
internal enum WebAppKind
{
    Bare,
    TelemetryFlow,

    /// <summary>
    /// The fair floor: what tracing every request costs with stock OpenTelemetry, wired as a typical OpenTelemetry
    /// user wires it.
    /// </summary>
    OpenTelemetry,
}

/// <summary>
/// A minimal ASP.NET Core app on Kestrel at 127.0.0.1, port 0, serving <c>GET /hello</c> with a constant string. The
/// TelemetryFlow app is the same app plus <c>AddTelemetryFlow()</c> and <c>UseTelemetryFlow()</c>; the OpenTelemetry
/// app is the same app plus <c>AddOpenTelemetry()</c> with ASP.NET Core instrumentation for traces and metrics, the
/// OpenTelemetry logger provider, and OTLP exporters for all three; nothing else differs. All three are isolated from
/// the process: no configuration sources (no appsettings, no <c>ASPNETCORE_*</c>, <c>TELEMETRYFLOW_*</c> or
/// <c>OTEL_*</c> variables), no console log, no console lifetime.
/// </summary>
internal sealed class MinimalApp : IAsyncDisposable
{
    public const string Path = "/hello";

    /// <summary>
    /// The name of the server span each request gets, <c>{method} {route template}</c>: from the middleware, and from
    /// OpenTelemetry's ASP.NET Core instrumentation alike.
    /// </summary>
    public const string SpanName = "GET " + Path;

    private readonly WebApplication _app;
    private bool _stopped;

    private MinimalApp(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The endpoint's URL, with the port Kestrel actually bound.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Builds and starts the app. <paramref name="configureTelemetry"/> configures the TelemetryFlow app; the
    /// OpenTelemetry app's exporters are set from the config it builds, so both export alike (endpoint, protocol,
    /// compression, timeout, headers, batch settings). The bare app uses neither.
    /// </summary>
    public static async Task<MinimalApp> StartAsync(WebAppKind kind, Action<TelemetryFlowBuilder> configureTelemetry, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();

        // No console logger in any app: writing two lines per request to the console would dominate every side.
        // The levels are those of the `dotnet new web` template's appsettings.json, which every real app starts from
        // (ASP.NET Core's own per-request Information logs off). The bare app has no provider at all, so for it they
        // change nothing; the TelemetryFlow app keeps the SDK's ILogger bridge, as AddTelemetryFlow() registers it, and
        // the OpenTelemetry app the OpenTelemetry logger provider, which is how OpenTelemetry exports logs.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        if (kind == WebAppKind.TelemetryFlow)
        {
            // The HttpClient platform meter (System.Net.Http) is shared by every HttpClient in the process that was not
            // built through a meter factory, the load loop's included: subscribed, it would measure the load loop's
            // requests (http.client.* per request), which a client on another machine would not cost the app. Found
            // in a perf profile of this app (System.Net.Http.Metrics.MetricsHandler frames, about 1 % of its CPU).
            builder.Services.AddTelemetryFlow(telemetry =>
            {
                configureTelemetry(telemetry);
                telemetry.WithPlatformMetrics(TelemetryConfig.DefaultPlatformMetrics & ~PlatformMetrics.HttpClient);
            });
            builder.Services.Configure<TelemetryFlowHostingOptions>(options =>
            {
                options.ReadEnvironmentVariable = static _ => null;

                // The endpoint makes no outgoing call, so HttpClient instrumentation costs it nothing per request; left
                // on, it would trace the benchmark's own load loop, which stands for a client on another machine.
                options.InstrumentHttpClient = false;
            });
        }
        else if (kind == WebAppKind.OpenTelemetry)
        {
            var telemetry = new TelemetryFlowBuilder();
            configureTelemetry(telemetry);
            AddOpenTelemetry(builder, telemetry.Build());
        }

        var app = builder.Build();
        if (kind == WebAppKind.TelemetryFlow)
        {
            app.UseTelemetryFlow();
        }

        app.MapGet(Path, () => "hello");
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new MinimalApp(app, new Uri(new Uri(addresses.Single()), Path));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops the app. Kestrel first finishes the requests in flight (ASP.NET Core ends a request's server span after
    /// the response); then the TelemetryFlow app's hosted service shuts its client down, which flushes every span and
    /// the metrics to the receiver. The OpenTelemetry app's providers flush later, when <see cref="DisposeAsync"/>
    /// disposes the host's services, which own them.
    /// </summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stock OpenTelemetry as its documentation shows it for ASP.NET Core: a resource with the service name, ASP.NET
    /// Core instrumentation for traces and metrics (the metrics are ASP.NET Core's own, from its
    /// <c>Microsoft.AspNetCore.Hosting</c> and Kestrel meters), the OpenTelemetry logger provider, and an OTLP exporter
    /// for each. Only what a benchmark must pin is set: where and how to export, from <paramref name="config"/> as the
    /// raw pipeline of the export benchmarks does, and the SDK's batch settings instead of OpenTelemetry's defaults
    /// (a 5 s trace and log delay, a 60 s metric interval), so that the OpenTelemetry and TelemetryFlow apps batch
    /// and send alike.
    /// </summary>
    private static void AddOpenTelemetry(WebApplicationBuilder builder, TelemetryConfig config)
    {
        var batch = config.Batch;
        var delay = (int)batch.ScheduledDelay.TotalMilliseconds;
        var timeout = (int)config.ExportTimeout.TotalMilliseconds;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(BenchmarkProfile.ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(otlp =>
                {
                    RawOpenTelemetry.ConfigureExporter(otlp, config, SignalType.Traces);
                    Batch(otlp.BatchExportProcessorOptions);
                }))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter((otlp, reader) =>
                {
                    RawOpenTelemetry.ConfigureExporter(otlp, config, SignalType.Metrics);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = delay;
                    reader.PeriodicExportingMetricReaderOptions.ExportTimeoutMilliseconds = timeout;

                    // OpenTelemetry's default, stated because the delivery check reads the total from the last export.
                    reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                }));

        builder.Logging.AddOpenTelemetry(logging => logging.AddOtlpExporter((otlp, processor) =>
        {
            RawOpenTelemetry.ConfigureExporter(otlp, config, SignalType.Logs);
            Batch(processor.BatchExportProcessorOptions);
        }));

        void Batch<T>(BatchExportProcessorOptions<T> options)
            where T : class
        {
            options.ScheduledDelayMilliseconds = delay;
            options.MaxExportBatchSize = batch.MaxExportBatchSize;
            options.MaxQueueSize = batch.MaxQueueSize;
            options.ExporterTimeoutMilliseconds = timeout;
        }
    }
}
