using TelemetryFlow.Implementation;
using static TelemetryFlow.Application.Configuration.SettingCatalog;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Whether a configuration sends the API key: always, unless credentials are turned off (<see cref="CredentialsMode.None"/>)
/// or no key is configured and every endpoint is on loopback (a collector agent, the .NET Aspire dashboard, a test
/// receiver), where a key would only be a secret sent for nothing.
/// </summary>
internal static class ExportCredentials
{
    public static bool AreSent(TelemetrySettings s)
    {
        if (s.Get(UseCredentials) == CredentialsMode.None)
        {
            return false;
        }

        return !string.IsNullOrEmpty(s.Get(ApiKeyId)) || !string.IsNullOrEmpty(s.Get(ApiKeySecret)) || !AllEndpointsLoopback(s);
    }

    private static bool AllEndpointsLoopback(TelemetrySettings s)
    {
        var insecure = s.Get(Insecure);
        foreach (var setting in new[] { Endpoint, TracesEndpoint, MetricsEndpoint, LogsEndpoint })
        {
            if (s.Get(setting) is { } value && !(OtlpEndpoint.TryParse(value, insecure, out var uri, out _) && OtlpEndpoint.IsLoopback(uri)))
            {
                return false;
            }
        }

        return true;
    }
}
