// Consumer check: a fresh console app that references the TelemetryFlow package by version.
using TelemetryFlow;
using TelemetryFlow.Testing;

await using var receiver = await OtlpReceiver.StartAsync();
await using (var client = new TelemetryFlowBuilder()
    .WithApiKey("tfk_consumer", "tfs_consumer")
    .WithService("consumer-console")
    .WithEndpoint(receiver.GrpcEndpoint.ToString())
    .BuildClient())
{
    client.Initialize();
    client.IncrementCounter("consumer.calls");
    client.LogInfo("hello from a package consumer");
    using (client.Span("consumer.span"))
    {
    }

    await client.ShutdownAsync();
}

await receiver.WaitUntilAsync(r => r.Spans.Count == 1 && r.Logs.Count == 1 && r.Metrics.Count >= 1, TimeSpan.FromSeconds(20));
Console.WriteLine($"consumer-console OK: {receiver.Spans.Count} span, {receiver.Logs.Count} log, {receiver.Metrics.Count} metric");
