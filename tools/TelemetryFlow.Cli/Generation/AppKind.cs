namespace TelemetryFlow.Cli.Generation;

/// <summary>The kind of app the generated setup code targets.</summary>
internal enum AppKind
{
    /// <summary>ASP.NET Core: <c>AddAppTelemetry</c> plus the request middleware.</summary>
    Web,

    /// <summary>A generic-host app without HTTP (worker service): <c>AddAppTelemetry</c> only.</summary>
    Worker,

    /// <summary>A plain console app: <c>TelemetrySetup.CreateClient()</c>.</summary>
    Console,
}
