using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Safety;

/// <summary>Everything a receiver decoded, as text, for "this value never reached the wire" assertions.</summary>
internal static class WireText
{
    /// <summary>Every request's decoded message (resources, scopes, spans, metrics, logs with all their attributes) as JSON.</summary>
    public static string Of(OtlpReceiver receiver) =>
        string.Join(Environment.NewLine, receiver.Requests.Select(r => r.Message?.ToString() ?? string.Empty));
}
