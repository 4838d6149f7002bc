using TelemetryFlow.Infrastructure.Implementation.Instrumentation;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Instrumentation;

public sealed class DbSystemTests
{
    [Theory]
    [InlineData("Microsoft.Data.Sqlite.SqliteCommand", "sqlite")]
    [InlineData("Microsoft.Data.SqlClient.SqlCommand", "microsoft.sql_server")]
    [InlineData("Npgsql.NpgsqlCommand", "postgresql")]
    [InlineData("MySqlConnector.MySqlCommand", "mysql")]
    [InlineData("Some.Other.Command", "other_sql")]
    [InlineData(null, "other_sql")]
    public void NameOf_CommandType_IsTheWellKnownSystemName(string? commandType, string expected) =>
        Assert.Equal(expected, DbSystem.NameOf(commandType));

    [Theory]
    [InlineData("tcp:db.example.com,1433", "db.example.com", 1433)]
    [InlineData("db.example.com\\SQLEXPRESS", "db.example.com", null)]
    [InlineData("tcp://pg.internal:5432", "pg.internal", 5432)]
    [InlineData("mysql.internal:3306", "mysql.internal", 3306)]
    [InlineData("10.0.0.5", "10.0.0.5", null)]
    [InlineData("(localdb)\\MSSQLLocalDB", null, null)]
    [InlineData("np:\\\\.\\pipe\\sql\\query", null, null)]
    [InlineData("/var/data/app.db", null, null)]
    [InlineData("", null, null)]
    public void ParseDataSource_ReadsHostAndPort(string dataSource, string? address, int? port) =>
        Assert.Equal((address, port), DbSystem.ParseDataSource(dataSource));
}
