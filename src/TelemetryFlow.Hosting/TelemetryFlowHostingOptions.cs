namespace TelemetryFlow;

/// <summary>
/// How <c>AddTelemetryFlow()</c> wires the SDK into the host. Configure with
/// <c>services.Configure&lt;TelemetryFlowHostingOptions&gt;(o =&gt; …)</c>.
/// </summary>
public sealed class TelemetryFlowHostingOptions
{
    /// <summary>The appsettings section read by default.</summary>
    public const string DefaultSectionName = "TelemetryFlow";

    /// <summary>Export the app's <c>ILogger</c> logs as OTLP log records (default <see langword="true"/>).</summary>
    public bool ExportLoggerLogs { get; set; } = true;

    /// <summary>Attach active <c>ILogger</c> scopes to exported log records as attributes (default <see langword="false"/>).</summary>
    public bool IncludeLogScopes { get; set; }

    /// <summary>Export outgoing HttpClient calls as client spans, propagating W3C trace context (default <see langword="true"/>).</summary>
    public bool InstrumentHttpClient { get; set; } = true;

    /// <summary>
    /// Export ASP.NET Core's request activity as the server span that <c>UseTelemetryFlow()</c> enriches (default
    /// <see langword="true"/>). Read by the TelemetryFlow.AspNetCore package; no effect in an app without it.
    /// </summary>
    public bool InstrumentAspNetCore { get; set; } = true;

    /// <summary>
    /// Reads the <c>TELEMETRYFLOW_*</c> environment variables; defaults to the process environment.
    /// Replace it to supply variables from elsewhere, for example in tests.
    /// </summary>
    public Func<string, string?> ReadEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>How long flush and shutdown may take when the host stops (default 5 s, capped by the host's shutdown timeout).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TelemetryFlowClient.DefaultShutdownTimeout;
}
