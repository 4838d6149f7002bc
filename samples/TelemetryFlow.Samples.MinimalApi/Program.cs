// The TelemetryFlow ASP.NET Core sample.
//
//   dotnet run --project samples/TelemetryFlow.Samples.MinimalApi -- --urls http://127.0.0.1:5080
//   curl http://127.0.0.1:5080/hello/world   /fail   /chain   /health
//
// Settings come from appsettings.json (section "TelemetryFlow") and TELEMETRYFLOW_* variables. With no
// endpoint configured, the sample starts a local OTLP receiver and prints what arrived when it stops.
using TelemetryFlow;
using TelemetryFlow.Testing;

var builder = WebApplication.CreateBuilder(args);

var endpointConfigured = Environment.GetEnvironmentVariable(TelemetryFlowEnvironmentVariables.Endpoint) is not null
    || Environment.GetEnvironmentVariable(TelemetryFlowEnvironmentVariables.OtelEndpoint) is not null
    || builder.Configuration["TelemetryFlow:Endpoint"] is not null;
await using var receiver = endpointConfigured ? null : await OtlpReceiver.StartAsync();

builder.Services.AddTelemetryFlow(telemetry =>
{
    if (receiver is not null)
    {
        // Demo credentials: the local receiver records them but does not check them.
        telemetry.WithEndpoint(receiver.GrpcEndpoint.ToString()).WithApiKey("tfk_local_demo", "tfs_local_demo_secret");
    }
});
builder.Services.AddHttpClient();
builder.Services.AddHealthChecks().AddTelemetryFlow();

var app = builder.Build();
app.UseTelemetryFlow();

app.MapGet("/hello/{name}", (string name, ILogger<Program> logger) =>
{
    logger.LogInformation("Hello {Name}", name);
    return Results.Ok(new { message = $"Hello, {name}!" });
});

app.MapGet("/fail", IResult () => throw new InvalidOperationException("The /fail route always fails."));

app.MapGet("/chain", async (HttpContext context, IHttpClientFactory clients) =>
{
    using var http = clients.CreateClient();
    var self = $"{context.Request.Scheme}://{context.Request.Host}";
    var reply = await http.GetStringAsync(new Uri($"{self}/hello/chain"), context.RequestAborted);
    return Results.Text(reply, "application/json");
});

app.MapHealthChecks("/health");

if (receiver is not null)
{
    app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"No endpoint configured: exporting to a local OTLP receiver ({receiver.GrpcEndpoint}). Stop with Ctrl+C to see what arrived."));
}

await app.RunAsync();

if (receiver is not null)
{
    Console.WriteLine(receiver.Summarize());
}
