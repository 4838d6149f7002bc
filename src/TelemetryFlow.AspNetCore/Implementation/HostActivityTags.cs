namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>
/// Whether ASP.NET Core's hosting sets the request attributes on its request activity itself, as it does from .NET 10
/// when it creates the activity: <c>http.request.method</c> (and <c>http.request.method_original</c>),
/// <c>url.scheme</c>, <c>url.path</c> (with the path base), <c>server.address</c>, <c>server.port</c> and
/// <c>user_agent.original</c>. The middleware then leaves those to hosting instead of setting each a second time, and
/// still sets the name, route, status code, protocol version and error. An app can turn hosting's attributes off with
/// the <c>Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData</c> switch; then the middleware sets them. It
/// also sets them on a request activity that arrives without them: ASP.NET Core 10.0.12 left them off some requests in
/// the tests (under TestServer, and after an excluded request on the same keep-alive connection).
/// </summary>
internal static class HostActivityTags
{
    /// <summary>The <see cref="AppContext"/> switch that stops ASP.NET Core's hosting from setting the attributes.</summary>
    public const string SuppressSwitch = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    /// <summary>Whether hosting sets the attributes; read when the middleware is built, as hosting reads the switch when it is built.</summary>
    public static bool AreSet() => !(AppContext.TryGetSwitch(SuppressSwitch, out var suppressed) && suppressed);
}
