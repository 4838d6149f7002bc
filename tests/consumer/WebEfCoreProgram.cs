// Consumer check (consumer-efcore): a fresh web app using EF Core (SQLite) and HttpClient, with TelemetryFlow.AspNetCore
// set up as the README shows and nothing else. What a team should see on day one, checked at the receiver:
//   db-span                     EF Core's query as a client span under the request's server span (no setup)
//   runtime-metrics             the System.Runtime meter (GC, heap, thread pool, CPU, memory)
//   httpclient-metrics          http.client.request.duration from the outgoing HttpClient call
//   one-server-duration-stream  http.server.request.duration from exactly one meter
//   resource                    service.instance.id, host.name, process.pid, os.type, telemetry.sdk.*
//   sdk-metrics                 the SDK's own otel.sdk.* metrics
// Prints one PASS/FAIL line per check and exits non-zero when any fails.
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TelemetryFlow.Testing;

await using var receiver = await OtlpReceiver.StartAsync();
using var database = new SqliteConnection("Data Source=:memory:");
database.Open();

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddTelemetryFlow(tf => tf
    .WithApiKey("tfk_consumer", "tfs_consumer")
    .WithService("consumer-efcore")
    .WithEndpoint(receiver.GrpcEndpoint.ToString()));
builder.Services.AddDbContext<ShopContext>(options => options.UseSqlite(database));
builder.Services.AddHttpClient();

var app = builder.Build();
app.UseTelemetryFlow();
using (var scope = app.Services.CreateScope())
{
    var shop = scope.ServiceProvider.GetRequiredService<ShopContext>();
    shop.Database.EnsureCreated();
    shop.Products.Add(new Product { Name = "tea" });
    shop.SaveChanges();
}

app.MapGet("/ping", () => "pong");
app.MapGet("/products", async (ShopContext shop, IHttpClientFactory http, HttpContext context) =>
{
    var names = await shop.Products.Select(p => p.Name).ToListAsync();
    var pong = await http.CreateClient().GetStringAsync($"{context.Request.Scheme}://{context.Request.Host}/ping");
    return $"{string.Join(',', names)} {pong}";
});

await app.StartAsync();
using (var http = new HttpClient())
{
    Console.WriteLine(await http.GetStringAsync($"{app.Urls.First()}/products"));
}

await app.StopAsync();
await receiver.WaitUntilAsync(r => r.Spans.Any(s => s.Name == "GET /products") && r.Metrics.Count > 0, TimeSpan.FromSeconds(20));

var spans = receiver.Spans;
var metrics = receiver.Metrics;
var failures = 0;
void Check(string name, bool passed, string detail)
{
    Console.WriteLine($"consumer-efcore check {name}: {(passed ? "PASS" : "FAIL")} ({detail})");
    failures += passed ? 0 : 1;
}

var server = spans.First(s => s.Name == "GET /products");
var query = spans.FirstOrDefault(s => s.ScopeName == "TelemetryFlow.Instrumentation.EntityFrameworkCore" && s.Name == "SELECT Products");
Check("db-span",
    query is not null && query.ParentSpanIdHex == server.SpanIdHex && Equals(query.Attributes.GetValueOrDefault("db.system.name"), "sqlite"),
    query is null ? "no EF Core span; spans: " + string.Join(", ", spans.Select(s => $"{s.ScopeName}/{s.Name}")) : $"{query.Name} under {server.Name}");

var runtime = metrics.Where(m => m.ScopeName == "System.Runtime").Select(m => m.Name).Distinct().ToList();
Check("runtime-metrics", runtime.Count > 0, $"{runtime.Count} System.Runtime metrics");

Check("httpclient-metrics", metrics.Any(m => m.Name == "http.client.request.duration"), "http.client.request.duration");

var serverDuration = metrics.Where(m => m.Name == "http.server.request.duration").Select(m => m.ScopeName).Distinct().ToList();
Check("one-server-duration-stream", serverDuration.Count == 1, $"from meters: [{string.Join(", ", serverDuration)}]");

string[] required = ["service.instance.id", "host.name", "process.pid", "os.type", "telemetry.sdk.name", "telemetry.sdk.language", "telemetry.sdk.version"];
var missing = required.Where(key => !server.ResourceAttributes.ContainsKey(key)).ToList();
Check("resource", missing.Count == 0, missing.Count == 0 ? "all present" : "missing " + string.Join(", ", missing));

var sdk = metrics.Where(m => m.Name.StartsWith("otel.sdk.", StringComparison.Ordinal)).Select(m => m.Name).Distinct().ToList();
Check("sdk-metrics", sdk.Count > 0, $"{sdk.Count} otel.sdk.* metrics");

Console.WriteLine(failures == 0 ? "consumer-efcore OK" : $"consumer-efcore: {failures} check(s) failed");
return failures == 0 ? 0 : 1;

internal sealed class Product
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;
}

internal sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
}
