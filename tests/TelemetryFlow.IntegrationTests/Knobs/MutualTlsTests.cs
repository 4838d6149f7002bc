using TelemetryFlow.IntegrationTests.Client;
using TelemetryFlow.Testing;

namespace TelemetryFlow.IntegrationTests.Knobs;

/// <summary>
/// Custom CA trust and mutual TLS against a receiver that serves TLS with a certificate from a throwaway CA and requires
/// a client certificate from it: the settings reach the socket under the SDK's own exporter, for gRPC and HTTP.
/// </summary>
public sealed class MutualTlsTests
{
    [Theory]
    [InlineData(Transport.Grpc)]
    [InlineData(Transport.HttpV1)]
    public async Task CustomCaAndClientCertificate_ExportSucceeds(Transport transport)
    {
        using var certificates = TestCertificates.Create("ok");
        await using var receiver = await StartReceiver(certificates);
        var builder = TestClients.Builder(receiver, transport)
            .WithCertificateAuthority(certificates.AuthorityPem)
            .WithClientCertificate(certificates.ClientCertificatePem, certificates.ClientKeyPem);
        await using (var client = TestClients.Start(builder))
        {
            client.Span("over-mtls").Dispose();
            Assert.True(await client.ShutdownAsync());
        }

        Assert.Equal("over-mtls", Assert.Single(await receiver.WaitForSpansAsync(1)).Name);
    }

    [Fact]
    public async Task CustomCaAndClientCertificate_FromOtelVariables_ExportSucceeds()
    {
        using var certificates = TestCertificates.Create("env");
        await using var receiver = await StartReceiver(certificates);
        var variables = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_CERTIFICATE"] = certificates.AuthorityPem,
            ["OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"] = certificates.ClientCertificatePem,
            ["OTEL_EXPORTER_OTLP_CLIENT_KEY"] = certificates.ClientKeyPem,
        };
        await using (var client = TestClients.Start(TestClients.Builder(receiver, Transport.HttpV1).WithAutoConfiguration(name => variables.GetValueOrDefault(name))))
        {
            client.IncrementCounter("over.mtls");
            Assert.True(await client.ShutdownAsync());
        }

        Assert.Contains(await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "over.mtls")), m => m.Name == "over.mtls");
    }

    [Theory]
    [InlineData(Transport.Grpc, true)]
    [InlineData(Transport.HttpV1, true)]
    [InlineData(Transport.HttpV1, false)]
    public async Task MissingClientCertificateOrCa_ExportFailsWithAReasonAndNothingArrives(Transport transport, bool trustCa)
    {
        using var certificates = TestCertificates.Create("fail");
        await using var receiver = await StartReceiver(certificates);
        var builder = TestClients.Builder(receiver, transport).WithRetry(enabled: false).WithCircuitBreaker(enabled: false);
        if (trustCa)
        {
            builder.WithCertificateAuthority(certificates.AuthorityPem);
        }
        else
        {
            builder.WithClientCertificate(certificates.ClientCertificatePem, certificates.ClientKeyPem);
        }

        TelemetryFlowStatus status;
        await using (var client = TestClients.Start(builder))
        {
            client.Span("refused").Dispose();
            Assert.False(await client.FlushAsync(TimeSpan.FromSeconds(10)));
            status = client.GetStatus();
        }

        Assert.Equal(0, status.Traces.Exported);
        Assert.Equal(1, status.Traces.Failed);
        Assert.False(string.IsNullOrEmpty(status.Traces.LastFailureReason));
        Assert.Empty(receiver.Spans);
    }

    private static Task<OtlpReceiver> StartReceiver(TestCertificates certificates) =>
        OtlpReceiver.StartAsync(new OtlpReceiverOptions { ServerCertificate = certificates.Server, ClientCertificateAuthority = certificates.Authority });
}
