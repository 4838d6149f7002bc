using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Libraries;

/// <summary>
/// What the library tracing tests share: a client with optional OpenTelemetry instrumentation registered on its
/// tracer provider (as an application does through the provider-builder hook), and a small EF Core model on SQLite.
/// </summary>
/// <remarks>
/// Library tracing watches process-wide diagnostic listeners, so these tests run in <see cref="IsolatedScenarios"/>:
/// another test's EF Core commands would otherwise reach their clients too.
/// </remarks>
internal static class LibraryTracing
{
    public const string EntityFrameworkCoreScope = "TelemetryFlow.Instrumentation.EntityFrameworkCore";
    public const string SqlClientScope = "TelemetryFlow.Instrumentation.SqlClient";

    public static TelemetryFlowClient Start(OtlpReceiver receiver, Func<TelemetryFlowBuilder, TelemetryFlowBuilder>? configure = null, Action<TracerProviderBuilder>? appInstrumentation = null)
    {
        var builder = TestClients.Builder(receiver, Transport.HttpV1);
        var config = (configure?.Invoke(builder) ?? builder).Build();
        var extensions = new TelemetryPipelineExtensions();
        if (appInstrumentation is not null)
        {
            extensions.Tracing.Add(appInstrumentation);
        }

        var client = TelemetryFlowClient.Create(config, services => services.AddSingleton(extensions));
        client.Initialize();
        return client;
    }

    /// <summary>An open in-memory SQLite database with the blog table and one row.</summary>
    public static SqliteConnection CreateDatabase()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var db = new BlogContext(connection);
        db.Database.EnsureCreated();
        db.Blogs.Add(new Blog { Name = "first" });
        db.SaveChanges();
        return connection;
    }
}

internal sealed class Blog
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;
}

internal sealed class BlogContext(SqliteConnection connection) : DbContext
{
    public DbSet<Blog> Blogs => Set<Blog>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite(connection);
}
