// Consumer check: a fresh web app that references the TelemetryFlow.AspNetCore package by version (consumer-web, and
// consumer-lowest with every third-party dependency pinned at its lowest declared version).
using TelemetryFlow.Testing;

await using var receiver = await OtlpReceiver.StartAsync();
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddTelemetryFlow(tf => tf
    .WithApiKey("tfk_consumer", "tfs_consumer")
    .WithService("consumer-web")
    .WithEndpoint(receiver.GrpcEndpoint.ToString()));
builder.Services.AddHealthChecks().AddTelemetryFlow();

var app = builder.Build();
app.UseTelemetryFlow();
app.MapGet("/hello/{name}", (string name, ILogger<Program> logger) =>
{
    logger.LogInformation("Hello {Name}", name);
    return $"Hello {name}";
});
app.MapHealthChecks("/health");

await app.StartAsync();
var address = app.Urls.First();
using (var http = new HttpClient())
{
    Console.WriteLine(await http.GetStringAsync($"{address}/hello/consumer"));
}

await app.StopAsync();
await receiver.WaitUntilAsync(r => r.Spans.Any(s => s.Name == "GET /hello/{name}") && r.Logs.Any(l => l.BodyText == "Hello consumer"), TimeSpan.FromSeconds(20));
Console.WriteLine($"{typeof(Program).Assembly.GetName().Name} OK: {receiver.Spans.Count} span(s), {receiver.Logs.Count} log(s)");
