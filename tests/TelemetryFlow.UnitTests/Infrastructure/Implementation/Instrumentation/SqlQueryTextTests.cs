using TelemetryFlow.Infrastructure.Implementation.Instrumentation;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Instrumentation;

public sealed class SqlQueryTextTests
{
    [Theory]
    [InlineData("SELECT \"b\".\"Name\" FROM \"Blogs\" AS \"b\" WHERE \"b\".\"Name\" <> 'x'", "SELECT \"b\".\"Name\" FROM \"Blogs\" AS \"b\" WHERE \"b\".\"Name\" <> ?", "SELECT Blogs")]
    [InlineData("INSERT INTO [Orders] ([Total]) VALUES (@p0);", "INSERT INTO [Orders] ([Total]) VALUES (@p0);", "INSERT Orders")]
    [InlineData("UPDATE main.Users SET Age = 42 WHERE Id = :id", "UPDATE main.Users SET Age = ? WHERE Id = :id", "UPDATE main.Users")]
    [InlineData("DELETE FROM t WHERE x = 0x1F OR y = 1.5e-3", "DELETE FROM t WHERE x = ? OR y = ?", "DELETE t")]
    [InlineData("SELECT * FROM a JOIN b ON a.Id = b.Id WHERE a.Name = N'Zoë'", "SELECT * FROM a JOIN b ON a.Id = b.Id WHERE a.Name = ?", "SELECT a b")]
    [InlineData("SELECT 1", "SELECT ?", "SELECT")]
    [InlineData("select x from t -- secret 'note'\nwhere y = 'it''s'", "select x from t \nwhere y = ?", "SELECT t")]
    [InlineData("SELECT /* 'hidden' */ c FROM (SELECT c FROM inner_t) AS s", "SELECT   c FROM (SELECT c FROM inner_t) AS s", "SELECT SELECT inner_t")]
    [InlineData("SELECT $1, x::int FROM t2", "SELECT $1, x::int FROM t2", "SELECT t2")]
    [InlineData("vacuum", "vacuum", null)]
    public void Parse_RedactsLiteralsAndSummarizes(string sql, string text, string? summary)
    {
        var (sanitized, summarized) = SqlQueryText.Parse(sql);

        Assert.Equal(text, sanitized);
        Assert.Equal(summary, summarized);
    }

    [Fact]
    public void Parse_UnterminatedLiteral_RedactsToTheEnd()
    {
        Assert.Equal("SELECT ?", SqlQueryText.Parse("SELECT 'never closed").Text);
    }

    [Fact]
    public void Parse_LongBatch_CapsTheSummary()
    {
        var sql = string.Concat(Enumerable.Repeat("INSERT INTO some_rather_long_table_name VALUES (1);", 50));

        Assert.Equal(SqlQueryText.MaxSummaryLength, SqlQueryText.Parse(sql).Summary!.Length);
    }
}
