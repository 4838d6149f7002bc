using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TelemetryFlow.AspNetCore.Tests.Support;

/// <summary>
/// The routes of <c>samples/TelemetryFlow.Samples.MinimalApi</c>, so the tests exercise what the sample shows.
/// Also the <c>ILogger</c> category of the <c>/hello</c> log.
/// </summary>
internal sealed class SampleRoutes
{
    public const string FailMessage = "The /fail route always fails.";

    private SampleRoutes()
    {
    }

    /// <summary>The category name of the <c>Hello {Name}</c> log.</summary>
    public static string LogCategory { get; } = typeof(SampleRoutes).FullName!;

    public static void Map(WebApplication app)
    {
        app.MapGet("/hello/{name}", (string name, ILogger<SampleRoutes> logger) =>
        {
            logger.LogInformation("Hello {Name}", name);
            return Results.Ok(new { message = $"Hello, {name}!" });
        });

        app.MapGet("/fail", IResult () => throw new InvalidOperationException(FailMessage));

        // Calls /hello/chain on this same app through a real HttpClient (Kestrel apps only).
        app.MapGet("/chain", async (HttpContext context, IHttpClientFactory clients) =>
        {
            using var http = clients.CreateClient();
            var self = $"{context.Request.Scheme}://{context.Request.Host}";
            var reply = await http.GetStringAsync(new Uri($"{self}/hello/chain"), context.RequestAborted);
            return Results.Text(reply, "application/json");
        });

        app.MapHealthChecks("/health");
    }
}
