using System.Buffers;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace TelemetryFlow.Testing.Internal;

/// <summary>
/// OTLP/HTTP as telemetryflow-collector 1.2.2 serves it (<see cref="OtlpReceiverMode.TelemetryFlowCollector"/>): checks
/// in the collector's order (method, v2 key, rate limit, body), the raw body unmarshalled whatever its
/// <c>Content-Encoding</c>, and <c>{}</c> as JSON for every success.
/// </summary>
internal static class CollectorHttpEndpoints
{
    public const string JsonContentType = "application/json";
    public const string KeySecretHeader = "X-TelemetryFlow-Key-Secret";

    private const string TextContentType = "text/plain; charset=utf-8";
    private static readonly byte[] EmptyJsonObject = "{}"u8.ToArray();

    public static void Map(IEndpointRouteBuilder endpoints, OtlpReceiver receiver)
    {
        foreach (var route in OtlpHttpEndpoints.Routes(receiver))
        {
            // Every method is routed here, so that a GET is answered (and recorded) like the collector does, not by
            // ASP.NET Core's routing.
            endpoints.Map($"/v1/{route.Segment}", context => HandleAsync(context, receiver, route, requiresKey: false));
            endpoints.Map($"/v2/{route.Segment}", context => HandleAsync(context, receiver, route, requiresKey: true));
        }
    }

    private static async Task HandleAsync(HttpContext context, OtlpReceiver receiver, OtlpHttpEndpoints.SignalRoute route, bool requiresKey)
    {
        var request = context.Request;
        var encoding = request.Headers.ContentEncoding.ToString();
        var contentEncoding = encoding.Length == 0 ? null : encoding;

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            await RefuseAsync(context, receiver, route.Signal, contentEncoding, HttpStatusCode.MethodNotAllowed, "Method not allowed").ConfigureAwait(false);
            return;
        }

        if (requiresKey && CheckKey(request, receiver.Options) is { } keyRefusal)
        {
            await RefuseAsync(context, receiver, route.Signal, contentEncoding, keyRefusal.Status, keyRefusal.Error).ConfigureAwait(false);
            return;
        }

        if (receiver.AcquireRateLimit(request) is { } decision)
        {
            decision.WriteHeaders(context.Response.Headers);
            if (!decision.Allowed)
            {
                await RefuseAsync(context, receiver, route.Signal, contentEncoding, HttpStatusCode.TooManyRequests, decision.Message).ConfigureAwait(false);
                return;
            }
        }

        OtlpHttpEndpoints.Body body;
        try
        {
            body = await ReadAsync(context, receiver.Options.MaxHttpRequestBodySize, route.Read).ConfigureAwait(false);
        }
        catch (BodyTooLargeException ex)
        {
            await RefuseAsync(context, receiver, route.Signal, contentEncoding, HttpStatusCode.BadRequest, $"Failed to read request body: {ex.Message}").ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException or NotSupportedException)
        {
            await RefuseAsync(context, receiver, route.Signal, contentEncoding, HttpStatusCode.BadRequest, $"Failed to unmarshal {route.Segment}: {ex.Message}").ConfigureAwait(false);
            return;
        }

        var failure = receiver.Receive(route.Signal, OtlpTransport.Http, request, contentEncoding, body.Message, body.ItemCount);
        if (failure is not null)
        {
            await WriteTextAsync(context.Response, receiver.AnsweredHttpStatus(failure), $"Failed to process {route.Segment}: {failure.Message}").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = EmptyJsonObject.Length;
        await context.Response.Body.WriteAsync(EmptyJsonObject).ConfigureAwait(false);
    }

    /// <summary>The v2 key check: a <c>tfk_</c> key id (401), in the allowed list if any (403), the secret if required (401).</summary>
    private static (HttpStatusCode Status, string Error)? CheckKey(HttpRequest request, OtlpReceiverOptions options)
    {
        var keyId = request.Headers[RequestRateLimiter.KeyIdHeader].ToString();
        if (keyId.Length == 0)
        {
            return (HttpStatusCode.Unauthorized, $"Missing {RequestRateLimiter.KeyIdHeader} header");
        }

        if (!keyId.StartsWith(OtlpReceiverOptions.KeyIdPrefix, StringComparison.Ordinal))
        {
            return (HttpStatusCode.Unauthorized, $"Invalid API key format: the key id must start with {OtlpReceiverOptions.KeyIdPrefix}");
        }

        if (options.AllowedKeyIds is { Count: > 0 } allowed && !allowed.Contains(keyId, StringComparer.Ordinal))
        {
            return (HttpStatusCode.Forbidden, "API key not allowed");
        }

        if (options.RequiredKeySecret is { } secret && !string.Equals(request.Headers[KeySecretHeader].ToString(), secret, StringComparison.Ordinal))
        {
            return (HttpStatusCode.Unauthorized, "Invalid API key secret");
        }

        return null;
    }

    /// <summary>Reads the raw body, never inflated, and unmarshals it as protobuf unless it is declared as JSON.</summary>
    /// <exception cref="NotSupportedException">The body is declared as JSON, which this receiver does not decode.</exception>
    private static async Task<OtlpHttpEndpoints.Body> ReadAsync(HttpContext context, long maxLength, OtlpHttpEndpoints.BodyReader read)
    {
        // Our own limit replaces Kestrel's 30 MB default, which a larger configured limit would otherwise hit first.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
        {
            kestrelLimit.MaxRequestBodySize = null;
        }

        var request = context.Request;
        using var content = await PooledBody.ReadAsync(request.Body, request.ContentLength, context.RequestAborted, maxLength).ConfigureAwait(false);

        // The collector compares the header as a plain string: 'application/json; charset=utf-8' is read as protobuf.
        if (string.Equals(request.ContentType, JsonContentType, StringComparison.Ordinal))
        {
            throw new NotSupportedException("OTLP/JSON is not decoded by this receiver (its hex ids would mis-decode); send application/x-protobuf.");
        }

        return read(new ReadOnlySequence<byte>(content.Memory));
    }

    private static async Task RefuseAsync(HttpContext context, OtlpReceiver receiver, OtlpSignal signal, string? contentEncoding, HttpStatusCode status, string error)
    {
        receiver.Refuse(signal, context.Request, contentEncoding, status, error, rateLimited: status == HttpStatusCode.TooManyRequests);
        await WriteTextAsync(context.Response, status, error).ConfigureAwait(false);
    }

    /// <summary>An error as Go's <c>http.Error</c> writes it: plain text and a newline.</summary>
    private static async Task WriteTextAsync(HttpResponse response, HttpStatusCode status, string error)
    {
        response.StatusCode = (int)status;
        response.ContentType = TextContentType;
        await response.WriteAsync(error + "\n").ConfigureAwait(false);
    }
}
