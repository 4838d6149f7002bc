using System.Diagnostics;
using OpenTelemetry;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// Copies the wanted baggage entries onto each span as it starts, when the ambient baggage is the span's own; a tag the
/// span already has is kept. Registered before the safety processor, so limits and PII redaction apply to the copies.
/// </summary>
internal sealed class BaggageActivityProcessor(BaggageAttributes baggage) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (baggage.Collect(data) is not { } entries)
        {
            return;
        }

        foreach (var (key, value) in entries)
        {
            if (data.GetTagItem(key) is null)
            {
                data.SetTag(key, value);
            }
        }
    }
}
