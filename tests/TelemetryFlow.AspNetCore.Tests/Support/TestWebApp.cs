using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests.Support;

/// <summary>How a test app receives requests.</summary>
/// <remarks>
/// Kestrel is the default. Its graceful stop waits for requests in flight, and ASP.NET Core stops a request's activity
/// (the server span) only after the response was sent; TestServer does not wait, so a host stopped right after a response
/// can shut the SDK down before that span ends, and lose it.
/// </remarks>
internal enum TestServerKind
{
    /// <summary>Real Kestrel on <c>http://127.0.0.1:0</c>.</summary>
    Kestrel,

    /// <summary>In-memory <c>TestServer</c>: no sockets, and the app's unhandled exceptions reach the test's HttpClient.</summary>
    InMemory,
}

/// <summary>
/// Builds the small web apps the tests run: the MinimalApi sample's routes, TelemetryFlow exporting to one test's own
/// receiver, and nothing from the process environment or the working directory.
/// </summary>
internal static class TestWebApp
{
    public const string KeyId = "tfk_test";
    public const string KeySecret = "tfs_test";
    public const string ServiceName = "web-tests";

    /// <summary>
    /// A builder with TelemetryFlow registered against <paramref name="receiver"/> (credentials, service
    /// <see cref="ServiceName"/>, gRPC endpoint, 5 s timeout), the TelemetryFlow health check, and no environment: see
    /// <see cref="CreateBareBuilder"/>.
    /// </summary>
    /// <param name="receiver">Where the SDK exports.</param>
    /// <param name="server">TestServer or Kestrel.</param>
    /// <param name="settings">The in-memory configuration (for example <c>TelemetryFlow:ServiceName</c>).</param>
    /// <param name="environment">What <c>TelemetryFlowHostingOptions.ReadEnvironmentVariable</c> returns.</param>
    public static WebApplicationBuilder CreateBuilder(
        OtlpReceiver receiver,
        TestServerKind server = TestServerKind.Kestrel,
        IReadOnlyDictionary<string, string?>? settings = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        CreateBuilder(receiver.GrpcEndpoint, server, settings, environment);

    /// <summary>As <see cref="CreateBuilder(OtlpReceiver, TestServerKind, IReadOnlyDictionary{string, string?}?, IReadOnlyDictionary{string, string}?)"/>, exporting over gRPC to <paramref name="grpcEndpoint"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(
        Uri grpcEndpoint,
        TestServerKind server = TestServerKind.Kestrel,
        IReadOnlyDictionary<string, string?>? settings = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var builder = CreateBareBuilder(server, settings, environment);
        builder.Services.AddTelemetryFlow(telemetry => ExportTo(telemetry, grpcEndpoint));
        builder.Services.AddHealthChecks().AddTelemetryFlow();
        return builder;
    }

    /// <summary>
    /// A builder isolated from the process: configuration holds only <paramref name="settings"/>, the SDK reads
    /// <c>TELEMETRYFLOW_*</c> variables only from <paramref name="environment"/>, and no log provider is registered
    /// (so <c>ILogger</c> output goes to TelemetryFlow alone). TelemetryFlow itself is not registered.
    /// </summary>
    public static WebApplicationBuilder CreateBareBuilder(
        TestServerKind server = TestServerKind.Kestrel,
        IReadOnlyDictionary<string, string?>? settings = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // CI's environment (ASPNETCORE_*, TELEMETRYFLOW_*, TelemetryFlow__*) must not leak into a test.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        UseEnvironment(builder.Services, environment ?? new Dictionary<string, string>());

        if (server == TestServerKind.Kestrel)
        {
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        // What the sample's routes need: /chain's IHttpClientFactory and /health's health check service.
        builder.Services.AddHttpClient();
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>The code settings every test app uses: test credentials, service name, the receiver's gRPC endpoint.</summary>
    public static TelemetryFlowBuilder ExportTo(TelemetryFlowBuilder telemetry, OtlpReceiver receiver) =>
        ExportTo(telemetry, receiver.GrpcEndpoint);

    public static TelemetryFlowBuilder ExportTo(TelemetryFlowBuilder telemetry, Uri grpcEndpoint) => telemetry
        .WithApiKey(KeyId, KeySecret)
        .WithService(ServiceName)
        .WithEndpoint(grpcEndpoint.ToString())
        .WithTimeout(TimeSpan.FromSeconds(5));

    /// <summary>Makes the SDK read <c>TELEMETRYFLOW_*</c> variables from <paramref name="variables"/> instead of the process.</summary>
    public static void UseEnvironment(IServiceCollection services, IReadOnlyDictionary<string, string> variables) =>
        services.Configure<TelemetryFlowHostingOptions>(options =>
            options.ReadEnvironmentVariable = name => variables.TryGetValue(name, out var value) ? value : null);

    /// <summary>
    /// Builds and starts the app with <c>UseTelemetryFlow()</c> first in the pipeline and the sample's routes.
    /// </summary>
    public static async Task<WebApplication> StartAsync(
        WebApplicationBuilder builder,
        Action<TelemetryFlowMiddlewareOptions>? middleware = null,
        Action<WebApplication>? routes = null)
    {
        var app = builder.Build();
        try
        {
            app.UseTelemetryFlow(middleware);
            SampleRoutes.Map(app);
            routes?.Invoke(app);
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// An HttpClient for the app: TestServer's in-memory client, or a real one aimed at Kestrel's bound address. The
    /// test plays an outside caller, so its own calls produce no client span (see <see cref="UninstrumentedHandler"/>).
    /// </summary>
    public static HttpClient CreateClient(WebApplication app)
    {
        if (app.Services.GetRequiredService<IServer>() is TestServer testServer)
        {
            return testServer.CreateClient();
        }

        return new HttpClient(new UninstrumentedHandler { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = BaseAddress(app) };
    }

    /// <summary>Kestrel's actually bound address (port 0 resolved).</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.Single());
    }
}

/// <summary>
/// Sends without OpenTelemetry instrumentation. The SDK's HttpClient instrumentation listens process-wide, so a test's
/// own request would otherwise become a client span exported by the app under test, and would replace a
/// <c>traceparent</c> header the test sets by hand.
/// </summary>
internal sealed class UninstrumentedHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (SuppressInstrumentationScope.Begin())
        {
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
