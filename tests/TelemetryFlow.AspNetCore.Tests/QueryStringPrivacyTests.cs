using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary>Query strings often carry tokens: none may reach the backend, in any signal.</summary>
public sealed class QueryStringPrivacyTests
{
    private const string Secret = "s3cr3t";

    [Fact]
    public async Task QueryString_OnEveryKindOfRequest_AppearsNowhereTheReceiverGot()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);

        // The widest export: scopes too (ASP.NET Core's request scope names the path).
        builder.Services.Configure<TelemetryFlowHostingOptions>(options => options.IncludeLogScopes = true);
        await using var app = await TestWebApp.StartAsync(builder);
        using var http = TestWebApp.CreateClient(app);

        var expected = new Dictionary<string, HttpStatusCode>
        {
            ["/hello/world"] = HttpStatusCode.OK,
            ["/chain"] = HttpStatusCode.OK,
            ["/missing"] = HttpStatusCode.NotFound,
            ["/fail"] = HttpStatusCode.InternalServerError,
        };
        foreach (var (path, status) in expected)
        {
            using var response = await http.GetAsync(new Uri($"{path}?token={Secret}&user=me", UriKind.Relative));
            Assert.Equal(status, response.StatusCode);
        }

        await app.StopAsync();

        // The scan covers real data: every request's span, the handler's logs, and the metrics.
        Assert.Equal(6, receiver.Spans.Count);
        Assert.Equal(2, receiver.LogsOf(SampleRoutes.LogCategory).Count);
        Assert.NotNull(receiver.LastMetric("http.server.request.duration"));
        var everything = receiver.AllReceivedText();
        Assert.Contains("/hello/world", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", everything, StringComparison.Ordinal);
        Assert.All(receiver.Spans, s => Assert.False(s.Attributes.ContainsKey("url.query")));
    }
}
