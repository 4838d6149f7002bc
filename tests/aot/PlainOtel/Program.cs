// The work of samples/TelemetryFlow.Samples.Aot done with plain OpenTelemetry .NET, the baseline that
// scripts/aot-compare.sh measures the SDK against: the same counter, histogram, client span and log inside it, exported
// over OTLP/gRPC to OTEL_EXPORTER_OTLP_ENDPOINT, and everything flushed on dispose before exit.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

const string Name = "checkout";
var resource = ResourceBuilder.CreateDefault().AddService(Name, serviceVersion: "2.1.0");
using var source = new ActivitySource(Name);
using var meter = new Meter(Name);

var tracerProvider = Sdk.CreateTracerProviderBuilder()
    .SetResourceBuilder(resource)
    .AddSource(Name)
    .AddOtlpExporter()
    .Build();
var meterProvider = Sdk.CreateMeterProviderBuilder()
    .SetResourceBuilder(resource)
    .AddMeter(Name)
    .AddOtlpExporter()
    .Build();
var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
{
    options.SetResourceBuilder(resource);
    options.AddOtlpExporter();
}));
var logger = loggerFactory.CreateLogger(Name);

meter.CreateCounter<long>("orders.placed").Add(1, new TagList { { "region", "eu" } });
meter.CreateHistogram<double>("orders.amount", "EUR").Record(42.5);

using (source.StartActivity("charge-card", ActivityKind.Client))
{
    logger.LogInformation("charging card {OrderId}", 1234);
}

// Dispose flushes what is pending, as the SDK's DisposeAsync does.
loggerFactory.Dispose();
meterProvider.Dispose();
tracerProvider.Dispose();
return 0;
