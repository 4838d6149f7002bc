using System.Data.Common;
using System.Globalization;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// The database a command goes to, read from the command's type and its connection: <c>db.system.name</c> (OpenTelemetry's
/// well-known values), <c>db.namespace</c>, <c>server.address</c> and <c>server.port</c>. Reads nothing by reflection.
/// </summary>
internal readonly record struct DbSystem(string Name, string? Namespace, string? ServerAddress, int? ServerPort)
{
    public const string Sqlite = "sqlite";
    public const string SqlServer = "microsoft.sql_server";
    public const string OtherSql = "other_sql";

    public static DbSystem Of(DbCommand command)
    {
        var name = NameOf(command.GetType().FullName);
        var connection = command.Connection;
        if (connection is null)
        {
            return new DbSystem(name, null, null, null);
        }

        var database = connection.Database;
        var (address, port) = name == Sqlite ? (null, null) : ParseDataSource(connection.DataSource);
        return new DbSystem(name, string.IsNullOrEmpty(database) ? null : database, address, port);
    }

    /// <summary>The <c>db.system.name</c> for an ADO.NET command type's full name.</summary>
    public static string NameOf(string? commandType) => commandType switch
    {
        "Microsoft.Data.Sqlite.SqliteCommand" or "System.Data.SQLite.SQLiteCommand" => Sqlite,
        "Microsoft.Data.SqlClient.SqlCommand" or "System.Data.SqlClient.SqlCommand" => SqlServer,
        "Npgsql.NpgsqlCommand" => "postgresql",
        "MySqlConnector.MySqlCommand" or "MySql.Data.MySqlClient.MySqlCommand" => "mysql",
        "Oracle.ManagedDataAccess.Client.OracleCommand" => "oracle.db",
        "FirebirdSql.Data.FirebirdClient.FbCommand" => "firebirdsql",
        _ => OtherSql,
    };

    /// <summary>
    /// The host and port in an ADO.NET data source: <c>tcp:host,1433</c>, <c>host\instance</c>, <c>host:5432</c>,
    /// <c>tcp://host:5432</c>. Nothing for a file path or a local pipe.
    /// </summary>
    public static (string? Address, int? Port) ParseDataSource(string? dataSource)
    {
        if (string.IsNullOrWhiteSpace(dataSource))
        {
            return (null, null);
        }

        var text = dataSource.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }
        else if (text.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }
        else if (text.StartsWith("np:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("lpc:", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith('(') || text.Contains('/'))
        {
            return (null, null);
        }

        int? port = null;
        var separator = text.LastIndexOf(',');
        if (separator < 0 && text.Count(c => c == ':') == 1)
        {
            separator = text.IndexOf(':');
        }

        if (separator >= 0)
        {
            if (int.TryParse(text.AsSpan(separator + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 65535)
            {
                port = parsed;
            }

            text = text[..separator];
        }

        var instance = text.IndexOf('\\');
        if (instance >= 0)
        {
            text = text[..instance];
        }

        text = text.Trim();
        return text.Length == 0 || text == "." ? (null, null) : (text, port);
    }
}
