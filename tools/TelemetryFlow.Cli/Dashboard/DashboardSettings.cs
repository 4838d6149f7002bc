using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace TelemetryFlow.Cli.Dashboard;

/// <summary>
/// Where <c>dashboard</c> listens and which package version it runs, validated. The dashboard runs unsecured (no
/// browser login, no OTLP key, an open telemetry API), so the host is always a loopback name or address.
/// </summary>
internal sealed partial record DashboardSettings(string Host, int FrontendPort, int OtlpGrpcPort, int OtlpHttpPort, string Version)
{
    public const string DefaultHost = "localhost";

    /// <summary>The Aspire dashboard's own default for its web page.</summary>
    public const int DefaultFrontendPort = 18888;

    /// <summary>The OTLP/gRPC port every OpenTelemetry SDK (this one included) and <c>listen</c> default to.</summary>
    public const int DefaultOtlpGrpcPort = TelemetryFlow.Testing.OtlpReceiverOptions.StandardGrpcPort;

    /// <summary>The OTLP/HTTP port every OpenTelemetry SDK and <c>listen</c> default to.</summary>
    public const int DefaultOtlpHttpPort = TelemetryFlow.Testing.OtlpReceiverOptions.StandardHttpPort;

    public const string BindOption = "--bind";
    public const string PortOption = "--port";
    public const string OtlpGrpcPortOption = "--otlp-grpc-port";
    public const string OtlpHttpPortOption = "--otlp-http-port";
    public const string VersionOption = "--version";

    public Uri FrontendUrl => Url(FrontendPort);

    public Uri OtlpGrpcUrl => Url(OtlpGrpcPort);

    public Uri OtlpHttpUrl => Url(OtlpHttpPort);

    /// <summary>Each port with the option that sets it, in the order they are reported.</summary>
    public IReadOnlyList<(int Port, string Option)> Ports =>
        [(FrontendPort, PortOption), (OtlpGrpcPort, OtlpGrpcPortOption), (OtlpHttpPort, OtlpHttpPortOption)];

    /// <summary>Validates the raw option values; on success <paramref name="settings"/> holds them, host brackets removed.</summary>
    public static bool TryCreate(string host, int frontendPort, int otlpGrpcPort, int otlpHttpPort, string version, out DashboardSettings settings, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var bare = host.Trim().TrimStart('[').TrimEnd(']');
        if (!IsLoopback(bare))
        {
            problems.Add(
                $"{BindOption} '{host}' is not a loopback address. The dashboard runs unsecured (no browser login, no OTLP API key, an open "
                + "telemetry API), so this command binds it only to loopback: localhost, 127.0.0.1 or ::1. To look at it from another machine, "
                + $"forward the port (for example ssh -L {DefaultFrontendPort}:localhost:{DefaultFrontendPort} this-host) rather than exposing it.");
        }

        foreach (var (port, option) in new[] { (frontendPort, PortOption), (otlpGrpcPort, OtlpGrpcPortOption), (otlpHttpPort, OtlpHttpPortOption) })
        {
            if (port is < 1 or > 65535)
            {
                problems.Add($"{option} {port.ToString(CultureInfo.InvariantCulture)} is not a port; use 1 to 65535.");
            }
        }

        AddIfSame(problems, (frontendPort, PortOption), (otlpGrpcPort, OtlpGrpcPortOption));
        AddIfSame(problems, (frontendPort, PortOption), (otlpHttpPort, OtlpHttpPortOption));
        AddIfSame(problems, (otlpGrpcPort, OtlpGrpcPortOption), (otlpHttpPort, OtlpHttpPortOption));

        if (!PackageVersion().IsMatch(version))
        {
            problems.Add($"{VersionOption} '{version}' is not a package version; use for example {DashboardPackage.DefaultVersion} or 13.7.0-preview.1.");
        }

        errors = problems;
        settings = new DashboardSettings(bare, frontendPort, otlpGrpcPort, otlpHttpPort, version.Trim());
        return problems.Count == 0;
    }

    /// <summary><c>localhost</c> or a loopback IP address (127.0.0.0/8, ::1); nothing that resolves elsewhere.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static void AddIfSame(List<string> problems, (int Port, string Option) first, (int Port, string Option) second)
    {
        if (first.Port == second.Port)
        {
            problems.Add($"{first.Option} and {second.Option} are both {first.Port.ToString(CultureInfo.InvariantCulture)}; each endpoint needs a port of its own.");
        }
    }

    private Uri Url(int port) => new UriBuilder(Uri.UriSchemeHttp, Host, port).Uri;

    [GeneratedRegex(@"^\s*\d+\.\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PackageVersion();
}
