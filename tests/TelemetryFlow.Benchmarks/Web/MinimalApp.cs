using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelemetryFlow.AspNetCore;

namespace TelemetryFlow.Benchmarks.Web;

/// <summary>Which of the two apps: the endpoint alone, or the endpoint behind <c>UseTelemetryFlow()</c>.</summary>
internal enum WebAppKind
{
    Bare,
    TelemetryFlow,
}

/// <summary>
/// A minimal ASP.NET Core app on Kestrel at 127.0.0.1, port 0, serving <c>GET /hello</c> with a constant string. The
/// TelemetryFlow app is the same app plus <c>AddTelemetryFlow()</c> and <c>UseTelemetryFlow()</c>; nothing else differs.
/// Both are isolated from the process: no configuration sources (no appsettings, no <c>ASPNETCORE_*</c> or
/// <c>TELEMETRYFLOW_*</c> variables), no console log, no console lifetime.
/// </summary>
internal sealed class MinimalApp : IAsyncDisposable
{
    public const string Path = "/hello";

    /// <summary>The name of the server span the middleware gives each request: <c>{method} {route template}</c>.</summary>
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

    /// <summary>Builds and starts the app; <paramref name="configureTelemetry"/> is used by the TelemetryFlow app only.</summary>
    public static async Task<MinimalApp> StartAsync(WebAppKind kind, Action<TelemetryFlowBuilder> configureTelemetry, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();

        // No console logger in either app: writing two lines per request to the console would dominate both sides.
        // The levels are those of the `dotnet new web` template's appsettings.json, which every real app starts from
        // (ASP.NET Core's own per-request Information logs off). The bare app has no provider at all, so for it they
        // change nothing; the TelemetryFlow app keeps the SDK's ILogger bridge, as AddTelemetryFlow() registers it.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        if (kind == WebAppKind.TelemetryFlow)
        {
            builder.Services.AddTelemetryFlow(configureTelemetry);
            builder.Services.Configure<TelemetryFlowHostingOptions>(options =>
            {
                options.ReadEnvironmentVariable = static _ => null;

                // The endpoint makes no outgoing call, so HttpClient instrumentation costs it nothing per request; left
                // on, it would trace the benchmark's own load loop, which stands for a client on another machine.
                options.InstrumentHttpClient = false;
            });
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
    /// the metrics to the receiver.
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
}
