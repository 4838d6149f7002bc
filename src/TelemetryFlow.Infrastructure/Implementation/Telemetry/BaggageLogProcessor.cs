using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Adds the wanted baggage entries to each log record as it is emitted (on the caller's thread, where the baggage is);
/// an attribute the record already has is kept. Registered before the safety processor, so limits and PII redaction
/// apply to the copies.
/// </summary>
internal sealed class BaggageLogProcessor(BaggageAttributes baggage) : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        if (baggage.Collect(Activity.Current) is not { } entries)
        {
            return;
        }

        var attributes = data.Attributes is { } existing ? new List<KeyValuePair<string, object?>>(existing) : [];
        foreach (var entry in entries)
        {
            if (!BaggageAttributes.HasKey(attributes, entry.Key))
            {
                attributes.Add(entry);
            }
        }

        data.Attributes = attributes;
    }
}
