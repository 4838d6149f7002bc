namespace TelemetryFlow.Cli.Doctor;

/// <summary>One host and port the exporters connect to (per-signal endpoints may add more than one).</summary>
internal sealed record EndpointTarget(string Scheme, string Host, int Port)
{
    public bool UsesTls => Scheme == Uri.UriSchemeHttps;

    public bool IsLoopback => Host is "localhost" or "127.0.0.1" or "::1" or "[::1]"
        || (System.Net.IPAddress.TryParse(Host, out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>The host without the brackets of an IPv6 literal, as DNS and TLS want it.</summary>
    public string BareHost => Host.Trim('[', ']');

    public override string ToString() => $"{Host}:{Port}";

    public static IReadOnlyList<EndpointTarget> For(TelemetryConfig config) =>
        new[] { SignalType.Traces, SignalType.Metrics, SignalType.Logs }
            .Where(config.IsEnabled)
            .Select(config.GetSignalEndpoint)
            .Select(uri => new EndpointTarget(uri.Scheme, uri.Host, uri.Port))
            .Distinct()
            .ToList();
}
