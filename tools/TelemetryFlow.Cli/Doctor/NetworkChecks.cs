using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TelemetryFlow.Cli.Output;

namespace TelemetryFlow.Cli.Doctor;

/// <summary>DNS, TCP and TLS checks of one endpoint, each with a hint naming the likely cause.</summary>
internal static class NetworkChecks
{
    private static readonly TimeSpan CertificateExpiryWarning = TimeSpan.FromDays(14);

    public static async Task<(StepResult Step, IPAddress[] Addresses)> ResolveAsync(EndpointTarget target, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(target.BareHost, out var literal))
        {
            return (StepResult.Pass(name, $"{target.BareHost} is an IP address (no lookup needed)"), [literal]);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(target.BareHost, deadline.Token).ConfigureAwait(false);
            return addresses.Length == 0
                ? (StepResult.Fail(name, $"{target.BareHost} has no address records", NoAddressHint(target)), [])
                : (StepResult.Pass(name, $"{target.BareHost} resolves to {string.Join(", ", addresses.Take(4).Select(a => a.ToString()))}"), addresses);
        }
        catch (SocketException ex)
        {
            return (StepResult.Fail(name, $"cannot resolve {target.BareHost} ({ex.SocketErrorCode})", NoAddressHint(target)), []);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (StepResult.Fail(name, $"looking up {target.BareHost} took longer than {Durations.Format(timeout)}", "The DNS server does not answer: check this machine's network, DNS, VPN or proxy settings."), []);
        }
    }

    public static async Task<StepResult> ConnectAsync(EndpointTarget target, IReadOnlyList<IPAddress> addresses, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        var timedOut = false;
        foreach (var address in addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? 1 : 0))
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, target.Port), deadline.Token).ConfigureAwait(false);
                return StepResult.Pass(name, $"connected to {Describe(address, target.Port)} in {clock.ElapsedMilliseconds} ms");
            }
            catch (SocketException ex)
            {
                last = ex;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
            }
        }

        if (last?.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return StepResult.Fail(
                name,
                $"connection refused by {target}",
                $"Nothing listens on {target}: is the collector or backend running, and is the port right? OTLP uses 4317 for gRPC and 4318 for HTTP.");
        }

        if (timedOut || last?.SocketErrorCode == SocketError.TimedOut)
        {
            return StepResult.Fail(
                name,
                $"no answer from {target} within {Durations.Format(timeout)}",
                "A firewall may drop the connection, or the host is wrong. Check outbound access to this port from here (corporate networks often block 4317/4318).");
        }

        return StepResult.Fail(
            name,
            $"cannot connect to {target} ({last?.SocketErrorCode.ToString() ?? "no address"})",
            "The network path to the host is broken: check routing, VPN and proxy settings.");
    }

    public static async Task<StepResult> CheckTlsAsync(EndpointTarget target, IPAddress address, Protocol protocol, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var policyErrors = SslPolicyErrors.None;
        X509ChainStatusFlags chainErrors = default;
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, target.Port), deadline.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await using var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = target.BareHost,
                    ApplicationProtocols = protocol == Protocol.Grpc ? [SslApplicationProtocol.Http2] : [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],

                    // Accept here, judge below: a handshake that completes lets the report say what exactly is wrong.
                    RemoteCertificateValidationCallback = (_, _, chain, errors) =>
                    {
                        policyErrors = errors;
                        chainErrors = chain?.ChainStatus.Aggregate(default(X509ChainStatusFlags), (all, s) => all | s.Status) ?? default;
                        return true;
                    },
                },
                deadline.Token).ConfigureAwait(false);

            using var certificate = tls.RemoteCertificate is null ? null : X509CertificateLoader.LoadCertificate(tls.RemoteCertificate.GetRawCertData());
            return Judge(target, protocol, name, tls, certificate, policyErrors, chainErrors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StepResult.Fail(name, $"no TLS handshake from {target} within {Durations.Format(timeout)}", PlaintextHint(target));
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException)
        {
            return StepResult.Fail(name, $"TLS handshake with {target} failed: {ex.Message}", PlaintextHint(target));
        }
    }

    private static StepResult Judge(EndpointTarget target, Protocol protocol, string name, SslStream tls, X509Certificate2? certificate, SslPolicyErrors errors, X509ChainStatusFlags chain)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return StepResult.Fail(name, $"{target} sent no certificate", "The server cannot be authenticated; check that the endpoint is the TelemetryFlow backend or your collector.");
        }

        var subject = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return StepResult.Fail(
                name,
                $"the certificate is for '{subject}', not '{target.BareHost}'",
                "The endpoint's host name does not match the server's certificate: use the host name the certificate was issued for.");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var (detail, hint) = chain switch
            {
                _ when chain.HasFlag(X509ChainStatusFlags.NotTimeValid) => (
                    $"the certificate of {target} is outside its validity period ({certificate.NotBefore:yyyy-MM-dd} to {certificate.NotAfter:yyyy-MM-dd})",
                    "The server's certificate has expired (or this machine's clock is wrong): it must be renewed."),
                _ when chain.HasFlag(X509ChainStatusFlags.Revoked) => (
                    $"the certificate of {target} is revoked",
                    "The server's certificate was revoked: it must be replaced."),
                _ => (
                    $"the certificate of {target} is not trusted ({chain})",
                    "The certificate is self-signed or from a private CA: install that CA in this machine's trust store, or use the public endpoint."),
            };
            return StepResult.Fail(name, detail, hint);
        }

        var summary = $"{tls.SslProtocol}, certificate for {subject} valid until {certificate.NotAfter:yyyy-MM-dd}, ALPN {Alpn(tls)}";
        if (protocol == Protocol.Grpc && tls.NegotiatedApplicationProtocol != SslApplicationProtocol.Http2)
        {
            return StepResult.Warn(
                name,
                summary,
                "The server did not agree to HTTP/2, which gRPC needs: this may be an OTLP/HTTP endpoint. Try --protocol http (port 4318 by convention).");
        }

        if (certificate.NotAfter - DateTime.Now < CertificateExpiryWarning)
        {
            return StepResult.Warn(name, summary, $"The certificate expires on {certificate.NotAfter:yyyy-MM-dd}: exports will fail once it does.");
        }

        return StepResult.Pass(name, summary);
    }

    private static string Alpn(SslStream tls) =>
        tls.NegotiatedApplicationProtocol == default ? "none" : tls.NegotiatedApplicationProtocol.ToString();

    private static string NoAddressHint(EndpointTarget target) =>
        $"Check the spelling of the endpoint host '{target.BareHost}'. If it resolves on other machines, check this machine's DNS, VPN or proxy settings.";

    private static string PlaintextHint(EndpointTarget target) =>
        $"{target} may not speak TLS: if the collector listens without TLS use http://{target} (add --insecure for a non-loopback host); otherwise check the port.";

    private static string Describe(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
