using Microsoft.AspNetCore.Http;

namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>
/// The request method as HTTP semantic conventions record it: one of the nine methods of RFC 9110 and RFC 5789
/// (case-sensitive), or <see cref="Other"/>.
/// </summary>
/// <remarks>
/// A client can send any token as a method. Recorded as it came, each new one would be a new metric series and a new
/// span name; mapped to <see cref="Other"/>, the set stays as small as the app's routes. The span keeps the original in
/// <c>http.request.method_original</c>.
/// </remarks>
internal static class HttpMethodNames
{
    /// <summary>Stands for every method outside the known set.</summary>
    public const string Other = "_OTHER";

    /// <summary>The method's shared constant instance when it is a known method; otherwise <see cref="Other"/>.</summary>
    public static string Known(string method) => method switch
    {
        "GET" => HttpMethods.Get,
        "POST" => HttpMethods.Post,
        "PUT" => HttpMethods.Put,
        "DELETE" => HttpMethods.Delete,
        "PATCH" => HttpMethods.Patch,
        "HEAD" => HttpMethods.Head,
        "OPTIONS" => HttpMethods.Options,
        "TRACE" => HttpMethods.Trace,
        "CONNECT" => HttpMethods.Connect,
        _ => Other,
    };
}
