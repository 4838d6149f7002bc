namespace TelemetryFlow.AspNetCore.Implementation;

/// <summary>
/// Whether ASP.NET Core's hosting sets the request attributes on its request activity itself when it creates it:
/// <c>http.request.method</c> (and <c>http.request.method_original</c>), <c>url.scheme</c>, <c>url.path</c> (with the
/// path base), <c>server.address</c>, <c>server.port</c> and <c>user_agent.original</c>. It does only when the app sets
/// the <c>Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData</c> switch to false: ASP.NET Core 10 treats a
/// missing switch as suppressed (its getter returns true when the switch is absent). The middleware then leaves those
/// six to hosting, and still sets the name, route, status code, protocol version and error; otherwise it sets all.
/// </summary>
internal static class HostActivityTags
{
    /// <summary>The <see cref="AppContext"/> switch that stops ASP.NET Core's hosting from setting the attributes.</summary>
    public const string SuppressSwitch = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    /// <summary>Whether hosting sets the attributes; read when the middleware is built, as hosting reads the switch when it is built.</summary>
    /// <remarks>
    /// Built for net10.0, where an absent switch means suppressed. Should a later ASP.NET Core read an absent switch as
    /// off, hosting sets the six and the middleware sets them again: the same values, one write more each.
    /// </remarks>
    public static bool AreSet() => AppContext.TryGetSwitch(SuppressSwitch, out var suppressed) && !suppressed;
}
