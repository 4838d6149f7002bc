using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TelemetryFlow.AspNetCore.Tests.Support;
using TelemetryFlow.Testing;

namespace TelemetryFlow.AspNetCore.Tests;

/// <summary><c>app.UseTelemetryFlow()</c> and <c>app.UseTelemetryFlow&lt;TMiddleware&gt;()</c>.</summary>
public sealed class TelemetryFlowApplicationBuilderExtensionsTests
{
    [Fact]
    public async Task UseTelemetryFlow_WithoutAddTelemetryFlow_ThrowsInvalidOperationExceptionNamingTheFix()
    {
        await using var app = TestWebApp.CreateBareBuilder().Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.UseTelemetryFlow());
        Assert.Contains("AddTelemetryFlow()", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseTelemetryFlowOfT_CustomMiddleware_GetsStartingAndCompletedCallsWithTheSpanAndException()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = TestWebApp.CreateBuilder(receiver);
        var calls = new CallLog();
        builder.Services.AddSingleton(calls);
        await using var app = builder.Build();
        app.UseTelemetryFlow<RecordingMiddleware>(options => options.EnrichSpan = (activity, _) => activity.SetTag("enriched", true));
        SampleRoutes.Map(app);
        await app.StartAsync();
        using var http = TestWebApp.CreateClient(app);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/hello/world", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync(new Uri("/fail", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        await app.StopAsync();

        // Excluded paths (/health) bypass the hooks, like the span and metrics.
        Assert.Equal(
            ["starting /hello/world", "completed /hello/world", "starting /fail", "completed /fail InvalidOperationException"],
            calls.Entries);
        Assert.All(calls.Activities, activity => Assert.NotNull(activity));

        // The activity handed to the hooks is the exported server span; the options still apply to a subclass.
        var spans = receiver.ServerSpans();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, span =>
        {
            Assert.Equal("hooked", span.Attributes["custom.starting"]);
            Assert.Equal(span.Attributes["http.response.status_code"], span.Attributes["custom.completed.status"]);
            Assert.Equal(true, span.Attributes["enriched"]);
        });
    }

    /// <summary>What <see cref="RecordingMiddleware"/> saw, in order.</summary>
    private sealed class CallLog
    {
        private readonly ConcurrentQueue<string> _entries = new();
        private readonly ConcurrentQueue<Activity?> _activities = new();

        public IReadOnlyList<string> Entries => [.. _entries];

        public IReadOnlyList<Activity?> Activities => [.. _activities];

        public void Add(string entry, Activity? activity)
        {
            _entries.Enqueue(entry);
            _activities.Enqueue(activity);
        }
    }

    private sealed class RecordingMiddleware(RequestDelegate next, TelemetryFlowClient client, IOptions<TelemetryFlowMiddlewareOptions> options, CallLog calls)
        : TelemetryFlowMiddleware(next, client, options)
    {
        protected override void OnRequestStarting(HttpContext context, Activity? activity)
        {
            calls.Add($"starting {context.Request.Path}", activity);
            activity?.SetTag("custom.starting", "hooked");
        }

        protected override void OnRequestCompleted(HttpContext context, Activity? activity, Exception? exception)
        {
            calls.Add($"completed {context.Request.Path}{(exception is null ? string.Empty : " " + exception.GetType().Name)}", activity);

            // After the base class recorded the status: it is already on the span.
            activity?.SetTag("custom.completed.status", activity.GetTagItem("http.response.status_code"));
        }
    }
}
