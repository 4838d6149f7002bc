using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Env = TelemetryFlow.TelemetryFlowEnvironmentVariables;

namespace TelemetryFlow.Infrastructure.Implementation.Export;

/// <summary>
/// The TLS material of export, loaded once from the configured PEM files: a certificate authority that alone decides
/// whether the endpoint's certificate is trusted, and a client certificate for mutual TLS. Applied to the socket
/// transport under every export and replay request, gRPC and HTTP alike, since the OTLP exporter sends through our
/// HttpClient. A file that cannot be read is a <see cref="ConfigurationException"/> naming the setting and the path,
/// never the file's content.
/// </summary>
internal sealed class ExportTls
{
    private const string CertificateSetting = $"Certificate authority (TELEMETRYFLOW_CERTIFICATE or {Env.OtelCertificate}, WithCertificateAuthority)";
    private const string ClientSetting = $"Client certificate (TELEMETRYFLOW_CLIENT_CERTIFICATE and TELEMETRYFLOW_CLIENT_KEY, or {Env.OtelClientCertificate} and {Env.OtelClientKey}, WithClientCertificate)";

    private readonly X509Certificate2Collection? _authorities;
    private readonly X509Certificate2? _clientCertificate;

    private ExportTls(X509Certificate2Collection? authorities, X509Certificate2? clientCertificate)
    {
        _authorities = authorities;
        _clientCertificate = clientCertificate;
    }

    /// <summary>The material the configuration names, or <see langword="null"/> when it names none.</summary>
    /// <exception cref="ConfigurationException">A file is missing, unreadable or not PEM of the expected kind.</exception>
    public static ExportTls? Load(TelemetryConfig config)
    {
        if (config.CertificateAuthorityPath is null && config.ClientCertificatePath is null)
        {
            return null;
        }

        var authorities = config.CertificateAuthorityPath is { } caPath ? LoadAuthorities(caPath) : null;
        var client = config.ClientCertificatePath is { } certificatePath ? LoadClient(certificatePath, config.ClientKeyPath ?? string.Empty) : null;
        return new ExportTls(authorities, client);
    }

    /// <summary>Makes <paramref name="transport"/> present the client certificate and trust only the configured authority.</summary>
    public void Apply(SocketsHttpHandler transport)
    {
        if (_clientCertificate is not null)
        {
            transport.SslOptions.ClientCertificates = [_clientCertificate];
        }

        if (_authorities is not null)
        {
            // The runtime still checks the host name and validity dates; only the roots are ours.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(_authorities);
            transport.SslOptions.CertificateChainPolicy = policy;
        }
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ConfigurationException($"{CertificateSetting}: '{path}' could not be read as PEM certificates ({e.GetType().Name}).", e);
        }

        return authorities.Count > 0
            ? authorities
            : throw new ConfigurationException($"{CertificateSetting}: '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    private static X509Certificate2 LoadClient(string certificatePath, string keyPath)
    {
        try
        {
            using var fromPem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

            // A key loaded from PEM is ephemeral, which TLS on Windows cannot use; a PKCS#12 round trip gives it a home.
            return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            // The exception's own message is not repeated: it is the runtime's, and the file holds a private key.
            throw new ConfigurationException(
                $"{ClientSetting}: '{certificatePath}' and '{keyPath}' could not be read as a PEM certificate and its unencrypted private key ({e.GetType().Name}).",
                e);
        }
    }
}
