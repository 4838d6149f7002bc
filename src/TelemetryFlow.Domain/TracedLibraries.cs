namespace TelemetryFlow;

/// <summary>
/// The client libraries whose calls become spans without setup, when the application uses them. Detected at run time:
/// the SDK references none of them, so an application that uses none of them neither downloads nor loads them.
/// </summary>
[Flags]
public enum TracedLibraries
{
    /// <summary>No library is traced by the SDK.</summary>
    None = 0,

    /// <summary>Entity Framework Core commands (its <c>Microsoft.EntityFrameworkCore</c> diagnostic listener).</summary>
    EntityFrameworkCore = 1,

    /// <summary>Microsoft.Data.SqlClient 5.1 and later commands (its <c>SqlClientDiagnosticListener</c>).</summary>
    SqlClient = 2,

    /// <summary>Grpc.Net.Client 2.57 and later calls (its built-in <c>Grpc.Net.Client</c> activity source).</summary>
    GrpcClient = 4,

    /// <summary>Every library above.</summary>
    All = EntityFrameworkCore | SqlClient | GrpcClient,
}
