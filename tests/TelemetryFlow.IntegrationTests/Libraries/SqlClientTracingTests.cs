using Microsoft.Data.SqlClient;
using OpenTelemetry.Trace;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;
using OtlpStatusCode = TelemetryFlow.Testing.Otlp.Trace.V1.Status.Types.StatusCode;

namespace TelemetryFlow.IntegrationTests.Libraries;

/// <summary>
/// Microsoft.Data.SqlClient commands become database spans with no setup. There is no SQL Server here: the command runs
/// on a connection that was never opened, which SqlClient reports as a failed command through the same events.
/// </summary>
[Collection(IsolatedScenarios.Name)]
public sealed class SqlClientTracingTests
{
    private const string ConnectionString = "Server=tcp:127.0.0.1,1;Database=orders;Encrypt=false;Connect Timeout=1";

    [Fact]
    public async Task FailedCommand_ExportsErrorSpanWithDatabaseConventions()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = LibraryTracing.Start(receiver))
        {
            using (client.Span("load-orders"))
            {
                Execute("SELECT Id FROM Orders WHERE Customer = 'alice' AND Total > 10.5");
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.Name == "load-orders"));
        var parent = spans.Single(s => s.Name == "load-orders");
        var command = Assert.Single(spans, s => s.ScopeName == LibraryTracing.SqlClientScope);
        Assert.Equal("SELECT Orders", command.Name);
        Assert.Equal(OtlpSpanKind.Client, command.Kind);
        Assert.Equal(parent.SpanIdHex, command.ParentSpanIdHex);
        Assert.Equal("microsoft.sql_server", command.Attributes["db.system.name"]);
        Assert.Equal("orders", command.Attributes["db.namespace"]);
        Assert.Equal("127.0.0.1", command.Attributes["server.address"]);
        Assert.Equal(1L, command.Attributes["server.port"]);
        Assert.Equal("SELECT Id FROM Orders WHERE Customer = ? AND Total > ?", command.Attributes["db.query.text"]);
        Assert.Equal(OtlpStatusCode.Error, command.StatusCode);
        Assert.Equal(typeof(InvalidOperationException).FullName, command.Attributes["error.type"]);
    }

    [Fact]
    public async Task SwitchedOff_ExportsNoDatabaseSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = LibraryTracing.Start(receiver, b => b.WithLibraryTracing(sqlClient: false)))
        {
            using (client.Span("load-orders"))
            {
                Execute("SELECT 1");
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(1);
        Assert.Equal(["load-orders"], spans.Select(s => s.Name));
    }

    [Fact]
    public async Task AppRegistersOpenTelemetryInstrumentation_ExportsOneSpanPerCommand()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = LibraryTracing.Start(receiver, appInstrumentation: tracing => tracing.AddSqlClientInstrumentation()))
        {
            using (client.Span("load-orders"))
            {
                Execute("SELECT Id FROM Orders");
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.Name == "load-orders"));
        var parent = spans.Single(s => s.Name == "load-orders");
        var only = Assert.Single(spans, s => s != parent);
        Assert.Equal("OpenTelemetry.Instrumentation.SqlClient", only.ScopeName);
        Assert.Equal(parent.SpanIdHex, only.ParentSpanIdHex);
    }

    private static void Execute(string sql)
    {
        using var connection = new SqlConnection(ConnectionString);
        using var command = new SqlCommand(sql, connection);
        Assert.Throws<InvalidOperationException>(() => command.ExecuteReader());
    }
}
