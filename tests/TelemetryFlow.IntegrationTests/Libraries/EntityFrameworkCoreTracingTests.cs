using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Trace;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;
using OtlpSpanKind = TelemetryFlow.Testing.Otlp.Trace.V1.Span.Types.SpanKind;
using OtlpStatusCode = TelemetryFlow.Testing.Otlp.Trace.V1.Status.Types.StatusCode;

namespace TelemetryFlow.IntegrationTests.Libraries;

/// <summary>EF Core commands become database spans with no setup, once each, and not when switched off.</summary>
[Collection(IsolatedScenarios.Name)]
public sealed class EntityFrameworkCoreTracingTests
{
    [Fact]
    public async Task Query_UnderASpan_ExportsOneClientSpanWithDatabaseConventions()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var connection = LibraryTracing.CreateDatabase();
        await using (var client = LibraryTracing.Start(receiver))
        {
            using (client.Span("list-blogs"))
            {
                await using var db = new BlogContext(connection);
                var names = await db.Blogs.Where(b => b.Name != "hidden-literal").Select(b => b.Name).ToListAsync();
                Assert.Equal(["first"], names);
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.Name == "list-blogs"));
        var parent = spans.Single(s => s.Name == "list-blogs");
        var query = Assert.Single(spans, s => s.ScopeName == LibraryTracing.EntityFrameworkCoreScope);
        Assert.Equal("SELECT Blogs", query.Name);
        Assert.Equal(OtlpSpanKind.Client, query.Kind);
        Assert.Equal(parent.TraceIdHex, query.TraceIdHex);
        Assert.Equal(parent.SpanIdHex, query.ParentSpanIdHex);
        Assert.Equal(OtlpStatusCode.Unset, query.StatusCode);
        Assert.Equal("sqlite", query.Attributes["db.system.name"]);
        Assert.Equal("main", query.Attributes["db.namespace"]);
        Assert.Equal("SELECT Blogs", query.Attributes["db.query.summary"]);
        var text = Assert.IsType<string>(query.Attributes["db.query.text"]);
        Assert.Contains("FROM \"Blogs\"", text, StringComparison.Ordinal);
        Assert.Contains("<> ?", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-literal", text, StringComparison.Ordinal);
        Assert.False(query.Attributes.ContainsKey("server.address"));
    }

    [Fact]
    public async Task TwoClients_SyncQuery_LeavesTheCallersSpanCurrent()
    {
        // Both clients' listeners see the command: their spans nest and end in listener order. Afterwards the caller's
        // span must be current again, never an ended database span.
        await using var receiverA = await OtlpReceiver.StartAsync();
        await using var receiverB = await OtlpReceiver.StartAsync();
        using var connection = LibraryTracing.CreateDatabase();
        await using var clientA = LibraryTracing.Start(receiverA);
        await using var clientB = LibraryTracing.Start(receiverB);
        using (clientA.Span("list-blogs"))
        {
            var outer = System.Diagnostics.Activity.Current;
            Assert.NotNull(outer);
            using var db = new BlogContext(connection);
            Assert.Equal(["first"], db.Blogs.Select(b => b.Name).ToList());
            Assert.Same(outer, System.Diagnostics.Activity.Current);
            Assert.False(outer.IsStopped);
        }

        Assert.True(await clientA.ShutdownAsync());
        Assert.True(await clientB.ShutdownAsync());
    }

    [Fact]
    public async Task FailingCommand_ExportsErrorSpanWithErrorType()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var connection = LibraryTracing.CreateDatabase();
        await using (var client = LibraryTracing.Start(receiver))
        {
            await using var db = new BlogContext(connection);
            await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM Missing"));
            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.ScopeName == LibraryTracing.EntityFrameworkCoreScope));
        var failed = Assert.Single(spans, s => s.ScopeName == LibraryTracing.EntityFrameworkCoreScope);
        Assert.Equal("DELETE Missing", failed.Name);
        Assert.Equal(OtlpStatusCode.Error, failed.StatusCode);
        Assert.Equal("Microsoft.Data.Sqlite.SqliteException", failed.Attributes["error.type"]);
    }

    [Fact]
    public async Task SwitchedOff_ExportsNoDatabaseSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var connection = LibraryTracing.CreateDatabase();
        await using (var client = LibraryTracing.Start(receiver, b => b.WithLibraryTracing(entityFrameworkCore: false)))
        {
            using (client.Span("list-blogs"))
            {
                await using var db = new BlogContext(connection);
                Assert.Single(await db.Blogs.ToListAsync());
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.Name == "list-blogs"));
        Assert.Equal(["list-blogs"], spans.Select(s => s.Name));
    }

    [Fact]
    public async Task AppRegistersOpenTelemetryInstrumentation_ExportsOneSpanPerCommand()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var connection = LibraryTracing.CreateDatabase();
        await using (var client = LibraryTracing.Start(receiver, appInstrumentation: tracing => tracing.AddEntityFrameworkCoreInstrumentation()))
        {
            using (client.Span("list-blogs"))
            {
                await using var db = new BlogContext(connection);
                Assert.Single(await db.Blogs.ToListAsync());
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.Name == "list-blogs"));
        var parent = spans.Single(s => s.Name == "list-blogs");
        var children = spans.Where(s => s.TraceIdHex == parent.TraceIdHex && s != parent).ToList();
        var only = Assert.Single(children);
        Assert.Equal("OpenTelemetry.Instrumentation.EntityFrameworkCore", only.ScopeName);
    }

    [Fact]
    public async Task AppNotUsingAnyLibrary_ExportsOnlyItsOwnSpans()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var client = LibraryTracing.Start(receiver))
        {
            using (client.Span("work"))
            {
            }

            Assert.True(await client.ShutdownAsync());
        }

        var spans = await receiver.WaitForSpansAsync(1);
        Assert.Equal(["work"], spans.Select(s => s.Name));
    }

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.Data.SqlClient")]
    [InlineData("Grpc.Net.Client")]
    [InlineData("StackExchange.Redis")]
    [InlineData("OpenTelemetry.Instrumentation")]
    public void SdkAssemblies_ReferenceNoTracedLibrary(string library)
    {
        // An assembly cannot load what it does not reference: an app without the library never downloads or loads it.
        var sdk = new[] { typeof(TelemetryFlowClient).Assembly, typeof(TelemetryFlowBuilder).Assembly, typeof(TelemetryConfig).Assembly };
        var references = sdk.SelectMany(a => a.GetReferencedAssemblies()).Select(r => r.Name ?? string.Empty);
        Assert.DoesNotContain(references, name => name.StartsWith(library, StringComparison.Ordinal));
    }
}
