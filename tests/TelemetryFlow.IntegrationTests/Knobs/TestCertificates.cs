using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TelemetryFlow.IntegrationTests.Knobs;

/// <summary>A throwaway certificate authority with a server certificate for 127.0.0.1 and a client certificate, as objects and as PEM files.</summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory, X509Certificate2 authority, X509Certificate2 server, X509Certificate2 client)
    {
        Directory = directory;
        Authority = authority;
        Server = server;
        Client = client;
        File.WriteAllText(AuthorityPem, authority.ExportCertificatePem());
        File.WriteAllText(ClientCertificatePem, client.ExportCertificatePem());
        File.WriteAllText(ClientKeyPem, client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string AuthorityPem => Path.Combine(Directory, "ca.pem");

    public string ClientCertificatePem => Path.Combine(Directory, "client.pem");

    public string ClientKeyPem => Path.Combine(Directory, "client-key.pem");

    public static TestCertificates Create(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tf-tls-" + name + "-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=TelemetryFlow test CA " + name, caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var authority = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        var sans = new SubjectAlternativeNameBuilder();
        sans.AddIpAddress(IPAddress.Loopback);
        sans.AddDnsName("localhost");
        var server = Issue(authority, "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", sans.Build(), now);
        var client = Issue(authority, "CN=telemetryflow-client", "1.3.6.1.5.5.7.3.2", null, now);
        return new TestCertificates(directory, authority, server, client);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, string usage, X509Extension? sans, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (sans is not null)
        {
            request.CertificateExtensions.Add(sans);
        }

        using var issued = request.Create(authority, now.AddMinutes(-5), now.AddMinutes(55), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);

        // Kestrel on some platforms needs a key it can persist; a PKCS#12 round trip gives it one.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }
}
