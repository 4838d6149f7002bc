namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>The names library tracing listens for and records under.</summary>
internal static class InstrumentationNames
{
    /// <summary>The prefix of the SDK's own library sources: <c>TelemetryFlow.Instrumentation.EntityFrameworkCore</c>.</summary>
    public const string SourcePrefix = "TelemetryFlow.Instrumentation.";

    public const string EntityFrameworkCoreListener = "Microsoft.EntityFrameworkCore";
    public const string EntityFrameworkCoreOpenTelemetry = "OpenTelemetry.Instrumentation.EntityFrameworkCore";

    public const string SqlClientListener = "SqlClientDiagnosticListener";
    public const string SqlClientOpenTelemetry = "OpenTelemetry.Instrumentation.SqlClient";

    /// <summary>Grpc.Net.Client's built-in activity source (2.57 and later).</summary>
    public const string GrpcClientSource = "Grpc.Net.Client";
}
