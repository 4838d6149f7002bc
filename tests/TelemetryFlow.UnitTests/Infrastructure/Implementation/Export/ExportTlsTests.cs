using TelemetryFlow.Infrastructure.Implementation.Export;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Export;

/// <summary>Certificate files that exist but cannot be used: a clear error naming the setting, never the file's content.</summary>
public sealed class ExportTlsTests : IDisposable
{
    private const string KeyLine = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETKEYMATERIAL";
    private readonly string _directory = Directory.CreateTempSubdirectory("tf-tls-unit-").FullName;

    [Fact]
    public void Load_NothingConfigured_IsNull() => Assert.Null(ExportTls.Load(TestConfigs.ValidBuilder().Build()));

    [Fact]
    public void Load_CaFileWithoutCertificates_NamesTheSettingAndPath()
    {
        var ca = Write("ca.pem", "not a certificate");

        var error = Assert.Throws<ConfigurationException>(() => ExportTls.Load(TestConfigs.ValidBuilder().WithCertificateAuthority(ca).Build()));

        Assert.Contains("Certificate authority (TELEMETRYFLOW_CERTIFICATE or OTEL_EXPORTER_OTLP_CERTIFICATE, WithCertificateAuthority)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{ca}' holds no PEM certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnusableClientKey_NamesTheSettingsWithoutEchoingTheKey()
    {
        var certificate = Write("client.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        var key = Write("client-key.pem", $"-----BEGIN PRIVATE KEY-----\n{KeyLine}\n-----END PRIVATE KEY-----\n");

        var error = Assert.Throws<ConfigurationException>(() => ExportTls.Load(TestConfigs.ValidBuilder().WithClientCertificate(certificate, key).Build()));

        Assert.Contains("Client certificate (TELEMETRYFLOW_CLIENT_CERTIFICATE and TELEMETRYFLOW_CLIENT_KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{certificate}' and '{key}' could not be read", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETKEY", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
