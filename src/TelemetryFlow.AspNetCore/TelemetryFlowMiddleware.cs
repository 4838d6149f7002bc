using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TelemetryFlow.AspNetCore.Implementation;

namespace TelemetryFlow.AspNetCore;

/// <summary>
/// The request middleware added by <c>app.UseTelemetryFlow()</c>: it turns ASP.NET Core's own request
/// activity into one server span per request (named <c>{METHOD} {route template}</c>, with HTTP
/// semantic-convention attributes, status Error on 5xx and unhandled exceptions) and records the
/// HTTP server metrics.
/// </summary>
/// <remarks>
/// Designed for inheritance: override <see cref="OnRequestStarting"/> and <see cref="OnRequestCompleted"/>
/// (the role of the Python SDK's <c>start_request</c>/<c>end_request</c>) and register the subclass with
/// <c>app.UseTelemetryFlow&lt;TMiddleware&gt;()</c>. Query strings, bodies, <c>Authorization</c>,
/// <c>Cookie</c> and <c>Set-Cookie</c> are never recorded.
/// </remarks>
public class TelemetryFlowMiddleware
{
    private readonly RequestDelegate _next;
    private readonly TelemetryFlowMiddlewareOptions _options;
    private readonly PathMatcher _excluded;
    private readonly HttpServerMetrics _metrics;
    private readonly bool _hostRecordsDuration;
    private readonly bool _hostTagsActivity;
    private readonly SpanNameCache _spanNames = new();
    private readonly ServerAddressCache _hosts = new();

    /// <summary>Creates the middleware; ASP.NET Core calls this through <c>UseTelemetryFlow()</c>.</summary>
    /// <param name="next">The next middleware.</param>
    /// <param name="client">The host's TelemetryFlow client.</param>
    /// <param name="options">The middleware options.</param>
    public TelemetryFlowMiddleware(RequestDelegate next, TelemetryFlowClient client, IOptions<TelemetryFlowMiddlewareOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _options = options.Value;
        _excluded = new PathMatcher(_options.ExcludedPaths);

        // With the ASP.NET Core platform metrics on, the hosting meter records http.server.request.duration (error.type
        // included) and active requests, and the middleware only adjusts that measurement: one stream per name.
        _hostRecordsDuration = client.Config.IsEnabled(SignalType.Metrics) && client.Config.PlatformMetrics.HasFlag(PlatformMetrics.AspNetCore);
        _metrics = new HttpServerMetrics(client.Pipeline.Meter, recordsDuration: _options.RecordDuration && !_hostRecordsDuration);
        _hostTagsActivity = HostActivityTags.AreSet();
    }

    /// <summary>Handles one request.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task that completes with the request.</returns>
    /// <remarks>
    /// Not an <c>async</c> method: a request whose pipeline finished synchronously is completed inline. So, as with
    /// any synchronous middleware, an <c>AsyncLocal</c> value (such as <see cref="Activity.Current"/> or baggage) that
    /// <see cref="OnRequestStarting"/> sets is still set when this method returns to the middleware before it.
    /// </remarks>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        var request = context.Request;
        if (_excluded.IsMatch(request.Path))
        {
            if (activity is not null)
            {
                // Unrecorded: no span is exported, but the trace context still flows downstream.
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }

            DisableHostMetrics(context);
            return _next(context);
        }

        var started = Stopwatch.GetTimestamp();
        var method = HttpMethodNames.Known(request.Method);
        if (_metrics.ActiveRequests is { } active)
        {
            active.Add(1, new("http.request.method", method), new("url.scheme", request.Scheme));
        }
        else if (!_options.RecordDuration)
        {
            DisableHostMetrics(context);
        }

        Task pending;
        try
        {
            OnRequestStarting(context, activity);
            pending = _next(context);
        }
        catch (Exception ex)
        {
            Complete(context, activity, method, ex, started);
            throw;
        }

        // Most endpoints finish synchronously once their response is buffered: complete the request here
        // rather than paying for an async state machine (and its allocation) on every request.
        if (pending.IsCompletedSuccessfully)
        {
            Complete(context, activity, method, failure: null, started);
            return Task.CompletedTask;
        }

        return CompleteAfterAsync(pending, context, activity, method, started);
    }

    /// <summary>Called before the rest of the pipeline runs. The base implementation does nothing.</summary>
    /// <param name="context">The request.</param>
    /// <param name="activity">The server span, or <see langword="null"/> when the request is not traced.</param>
    /// <remarks>An exception thrown here fails the request like one from the pipeline: it is recorded, then rethrown.</remarks>
    protected virtual void OnRequestStarting(HttpContext context, Activity? activity)
    {
    }

    /// <summary>Called when the request completed, after the span and metrics are recorded. The base implementation does nothing.</summary>
    /// <param name="context">The request.</param>
    /// <param name="activity">The server span, or <see langword="null"/> when the request is not traced.</param>
    /// <param name="exception">The unhandled exception, which is rethrown after this call; or <see langword="null"/>.</param>
    protected virtual void OnRequestCompleted(HttpContext context, Activity? activity, Exception? exception)
    {
    }

    private async Task CompleteAfterAsync(Task pending, HttpContext context, Activity? activity, string method, long started)
    {
        Exception? failure = null;
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            Complete(context, activity, method, failure, started);
        }
    }

    /// <summary>
    /// Records the span's attributes and the metrics first, and only then runs the application's callbacks
    /// (<see cref="TelemetryFlowMiddlewareOptions.EnrichSpan"/>, <see cref="OnRequestCompleted"/>), so a callback that
    /// throws cannot leave <c>http.server.active_requests</c> counting a finished request.
    /// </summary>
    private void Complete(HttpContext context, Activity? activity, string method, Exception? failure, long started)
    {
        var status = failure is null ? context.Response.StatusCode : StatusCodes.Status500InternalServerError;
        var isError = failure is not null || status >= 500;
        var traced = activity is { IsAllDataRequested: true };

        // With the hosting meter recording the duration and the request counter off (the defaults), a successful
        // request records no metric of its own here. The duration ends before the span is tagged.
        var records = isError || _metrics.Duration is not null || _options.RecordCount;
        var elapsed = records ? Stopwatch.GetElapsedTime(started) : default;
        var route = traced || records ? Route(context) : null;
        if (traced)
        {
            TagActivity(context, activity!, method, route, failure, status);
        }

        if (records)
        {
            RecordMetrics(context, method, route, failure, status, isError, elapsed);
        }

        if (traced)
        {
            _options.EnrichSpan?.Invoke(activity!, context);
        }

        OnRequestCompleted(context, activity, failure);
    }

    /// <summary>The span's name and attributes, but those ASP.NET Core's hosting set when it created the activity (<see cref="HostActivityTags"/>).</summary>
    private void TagActivity(HttpContext context, Activity activity, string method, string? route, Exception? failure, int status)
    {
        var request = context.Request;

        // Semantic conventions: a method outside the known set is "_OTHER", and the span is named "HTTP".
        var otherMethod = ReferenceEquals(method, HttpMethodNames.Other);
        var spanMethod = otherMethod ? "HTTP" : method;
        activity.DisplayName = route is null ? spanMethod : _spanNames.Get(spanMethod, route);

        // With the app's switch set to let hosting tag, their presence is still checked: one lookup instead of six writes.
        if (!_hostTagsActivity || activity.GetTagItem("http.request.method") is null)
        {
            TagRequest(activity, request, method, otherMethod);
        }

        activity.SetTag("http.route", route);
        activity.SetTag("http.response.status_code", BoxedStatusCodes.Get(status));
        activity.SetTag("network.protocol.version", ProtocolVersion(request.Protocol));
        if (failure is not null)
        {
            activity.SetTag("error.type", failure.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity.AddException(failure);
        }
        else if (status >= 500)
        {
            activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>The request's attributes, which ASP.NET Core 10's hosting sets itself only when the app sets its switch to false (<see cref="HostActivityTags"/>).</summary>
    private void TagRequest(Activity activity, HttpRequest request, string method, bool otherMethod)
    {
        activity.SetTag("http.request.method", method);
        if (otherMethod)
        {
            activity.SetTag("http.request.method_original", request.Method);
        }

        // With the path base, as hosting sets it (an app under UsePathBase("/shop") serves "/shop/cart").
        activity.SetTag("url.path", request.PathBase.HasValue ? request.PathBase.Add(request.Path).Value : request.Path.Value);
        activity.SetTag("url.scheme", request.Scheme);
        if (_hosts.Get(request) is { } host)
        {
            activity.SetTag("server.address", host.Address);
            activity.SetTag("server.port", host.Port);
        }

        if (request.Headers.UserAgent.Count > 0)
        {
            activity.SetTag("user_agent.original", request.Headers.UserAgent.ToString());
        }
    }

    private static string? Route(HttpContext context) => (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;

    private void RecordMetrics(HttpContext context, string method, string? route, Exception? failure, int status, bool isError, TimeSpan elapsed)
    {
        var request = context.Request;
        var tags = new TagList
        {
            { "http.request.method", method },
            { "url.scheme", request.Scheme },
            { "http.response.status_code", BoxedStatusCodes.Get(status) },
        };
        if (route is not null)
        {
            tags.Add("http.route", route);
        }

        if (isError)
        {
            TagError(context, failure, status, ref tags);
        }

        if (_metrics.Duration is { } duration)
        {
            duration.Record(elapsed.TotalSeconds, tags);
            _metrics.ActiveRequests!.Add(-1, new("http.request.method", method), new("url.scheme", request.Scheme));
        }

        if (_options.RecordCount)
        {
            _metrics.Requests.Add(1, tags);
        }

        if (_options.RecordErrors && isError)
        {
            _metrics.Errors.Add(1, tags);
        }
    }

    /// <summary>
    /// Adds <c>error.type</c> to the request's metrics: the exception's type, or the status code for a 5xx response. When
    /// the hosting meter records the duration, an unhandled exception is tagged by ASP.NET Core itself (by hosting, or by
    /// the exception handler that caught it), so only a 5xx without one is tagged here.
    /// </summary>
    private void TagError(HttpContext context, Exception? failure, int status, ref TagList tags)
    {
        var errorType = failure?.GetType().FullName ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        tags.Add("error.type", errorType);
        if (_hostRecordsDuration && failure is null
            && context.Features.Get<IHttpMetricsTagsFeature>() is { } host && !host.Tags.Any(tag => tag.Key == "error.type"))
        {
            host.Tags.Add(new("error.type", errorType));
        }
    }

    /// <summary>Keeps the request out of the hosting meter's <c>http.server.request.duration</c> (excluded paths, <see cref="TelemetryFlowMiddlewareOptions.RecordDuration"/> off).</summary>
    private void DisableHostMetrics(HttpContext context)
    {
        if (_hostRecordsDuration && context.Features.Get<IHttpMetricsTagsFeature>() is { } host)
        {
            host.MetricsDisabled = true;
        }
    }

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.0" => "1.0",
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        _ => protocol,
    };
}
