// Consumer check: a fresh console app that references the TelemetryFlow package by version.
using TelemetryFlow;
using TelemetryFlow.Testing;

// 1. gRPC (the default protocol) to a generic receiver: every signal arrives.
await using (var receiver = await OtlpReceiver.StartAsync())
{
    await SendAsync(builder => builder.WithEndpoint(receiver.GrpcEndpoint.ToString()));
    await receiver.WaitUntilAsync(r => r.Spans.Count == 1 && r.Logs.Count == 1 && r.Metrics.Count >= 1, TimeSpan.FromSeconds(20));
    Console.WriteLine($"consumer-console OK: {receiver.Spans.Count} span, {receiver.Logs.Count} log, {receiver.Metrics.Count} metric");
}

// 2. The SDK's defaults over HTTP to a receiver that answers like the TelemetryFlow collector (no gzip, JSON replies).
await using (var collector = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { Mode = OtlpReceiverMode.TelemetryFlowCollector }))
{
    await SendAsync(builder => builder.WithHttp().WithEndpoint(collector.HttpEndpoint.ToString()));
    await collector.WaitUntilAsync(r => r.Spans.Count == 1 && r.Logs.Count == 1, TimeSpan.FromSeconds(20));
    var refused = collector.Requests.Where(r => !r.Accepted).ToList();
    if (refused.Count > 0)
    {
        throw new InvalidOperationException($"The collector-mode receiver refused {refused.Count} request(s):{Environment.NewLine}{collector.Summarize()}");
    }

    Console.WriteLine($"consumer-console collector mode over HTTP OK: {collector.Spans.Count} span, {collector.Logs.Count} log");
}

// 3. An app that uses none of the libraries the SDK traces without setup never loads them.
string[] traced = ["Microsoft.EntityFrameworkCore", "Microsoft.Data.SqlClient", "StackExchange.Redis"];
var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? string.Empty)
    .Where(name => traced.Any(library => name.StartsWith(library, StringComparison.Ordinal))).ToList();
if (loaded.Count > 0)
{
    throw new InvalidOperationException($"Loaded without being used: {string.Join(", ", loaded)}");
}

Console.WriteLine("consumer-console loads none of the traced libraries OK");

static async Task SendAsync(Func<TelemetryFlowBuilder, TelemetryFlowBuilder> transport)
{
    await using var client = transport(new TelemetryFlowBuilder()
        .WithApiKey("tfk_consumer", "tfs_consumer")
        .WithService("consumer-console"))
        .BuildClient();
    client.Initialize();
    client.IncrementCounter("consumer.calls");
    client.LogInfo("hello from a package consumer");
    using (client.Span("consumer.span"))
    {
    }

    await client.ShutdownAsync();
}
