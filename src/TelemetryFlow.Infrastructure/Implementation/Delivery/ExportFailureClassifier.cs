using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Authentication;

namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>Classifies OTLP responses and transport exceptions, for HTTP and gRPC alike.</summary>
internal static class ExportFailureClassifier
{
    public const string GrpcContentType = "application/grpc";
    public const string GrpcStatusHeader = "grpc-status";

    /// <summary>gRPC RESOURCE_EXHAUSTED: the TelemetryFlow collector's answer to a message over its 4 MiB limit.</summary>
    public const int ResourceExhausted = 8;

    public static FailureKind ClassifyHttpStatus(int status) => status switch
    {
        >= 200 and < 300 => FailureKind.None,
        429 or 502 or 503 or 504 => FailureKind.Transient,
        400 or 401 or 403 or 413 => FailureKind.Permanent,
        _ => FailureKind.Other,
    };

    public static FailureKind ClassifyGrpcStatus(int status) => status switch
    {
        0 => FailureKind.None,
        4 or 8 or 10 or 14 => FailureKind.Transient,
        3 or 7 or 16 => FailureKind.Permanent,
        _ => FailureKind.Other,
    };

    /// <summary>
    /// Classifies a response. gRPC carries its status in the headers of a trailers-only response, else in the
    /// trailers, which are only there once the body was read (the export handler buffers gRPC bodies for that).
    /// </summary>
    public static FailureKind Classify(HttpResponseMessage response)
    {
        var http = ClassifyHttpStatus((int)response.StatusCode);
        if (http != FailureKind.None)
        {
            return http;
        }

        return GrpcStatus(response) switch
        {
            null => FailureKind.None,

            // Without a hint that it will pass, RESOURCE_EXHAUSTED is the collector's 4 MiB limit: never resent.
            ResourceExhausted when !RetryHints.HasGrpcHint(response) => FailureKind.Permanent,
            { } grpc => ClassifyGrpcStatus(grpc),
        };
    }

    public static FailureKind Classify(Exception exception) => exception switch
    {
        // A certificate problem does not go away by itself.
        HttpRequestException { InnerException: AuthenticationException } => FailureKind.Other,
        HttpRequestException => FailureKind.Transient,

        // Only reached when the caller's token was not cancelled: a connect timeout or a reset stream.
        OperationCanceledException => FailureKind.Transient,
        _ => FailureKind.Other,
    };

    /// <summary>Whether the backend refused the credentials: HTTP 401/403, gRPC UNAUTHENTICATED/PERMISSION_DENIED.</summary>
    public static bool IsCredentialsRejection(HttpResponseMessage response) =>
        (int)response.StatusCode is 401 or 403 || GrpcStatus(response) is 7 or 16;

    public static bool IsGrpc(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, GrpcContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The gRPC status from the headers (trailers-only response) or the trailers; null when absent or not a number.</summary>
    public static int? GrpcStatus(HttpResponseMessage response) =>
        ReadInt(response.Headers, GrpcStatusHeader) ?? ReadInt(response.TrailingHeaders, GrpcStatusHeader);

    /// <summary>A header from the response headers, else from the trailers.</summary>
    public static string? GrpcHeader(HttpResponseMessage response, string name) =>
        First(response.Headers, name) ?? First(response.TrailingHeaders, name);

    private static int? ReadInt(HttpHeaders headers, string name) =>
        int.TryParse(First(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? First(HttpHeaders headers, string name)
    {
        if (!headers.NonValidated.TryGetValues(name, out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            return value;
        }

        return null;
    }
}
