namespace TelemetryFlow.Application.Configuration;

/// <summary>Whether export carries the API key (setting <c>Credentials</c>, <c>TELEMETRYFLOW_CREDENTIALS</c>).</summary>
internal enum CredentialsMode
{
    /// <summary>The API key is required and sent, unless no key is configured and every endpoint is on loopback.</summary>
    Auto,

    /// <summary>No API key is required or sent (<c>WithoutCredentials()</c>): a receiver that needs none.</summary>
    None,
}
