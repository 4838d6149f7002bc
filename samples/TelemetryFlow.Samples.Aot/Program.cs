// The README quick start as a Native AOT executable: a counter, a histogram, a span and a log inside it, then
// DisposeAsync flushes all three signals before the process exits.
//
//   dotnet publish samples/TelemetryFlow.Samples.Aot -c Release -o out/aot
//   TELEMETRYFLOW_ENDPOINT=http://127.0.0.1:4317 out/aot/TelemetryFlow.Samples.Aot
//
// Every TELEMETRYFLOW_* variable applies (WithAutoConfiguration). A loopback endpoint needs no API key; any other
// needs TELEMETRYFLOW_API_KEY_ID and TELEMETRYFLOW_API_KEY_SECRET. scripts/aot-compare.sh publishes this next to the
// same work done with plain OpenTelemetry (tests/aot/PlainOtel) and compares size, run time and memory.
using System.Diagnostics;
using TelemetryFlow;

TelemetryFlowClient client;
try
{
    client = new TelemetryFlowBuilder()
        .WithService("checkout", "2.1.0")
        .WithAutoConfiguration()
        .BuildClient();
}
catch (ConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

await using (client)
{
    client.Initialize();

    client.IncrementCounter("orders.placed", 1, new TagList { { "region", "eu" } });
    client.RecordHistogram("orders.amount", 42.5, "EUR");

    using (client.Span("charge-card", SpanKind.Client))
    {
        client.LogInfo("charging card", [new("order.id", 1234)]);
    }
}

return 0;
