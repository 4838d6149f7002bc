using TelemetryFlow.Cli.Tests.Support;
using TelemetryFlow.Testing;
using Xunit.Abstractions;

namespace TelemetryFlow.Cli.Tests.Doctor;

/// <summary><c>doctor</c> against the in-process OTLP receiver: healthy, stopped, rejecting, and on the wrong port.</summary>
public sealed class DoctorTests(ITestOutputHelper log) : IAsyncLifetime, IDisposable
{
    private const string KeyId = "tfk_doctor";
    private const string Secret = "tfs_doctor_secret_do_not_print_42";
    private const string HealthyTimeout = "30s";
    private const string FailingTimeout = "5s";
    private readonly TempDirectory _project = new("tfcli-doctor");
    private OtlpReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _project.Dispose();

    [Theory]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task Doctor_HealthyReceiver_AllStepsPass(string protocol)
    {
        var endpoint = protocol == "grpc" ? _receiver.GrpcEndpoint : _receiver.HttpEndpoint;

        var result = await DoctorAsync("--endpoint", endpoint.ToString(), "--protocol", protocol);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[FAIL]", result.Output);
        Assert.DoesNotContain("[WARN]", result.Output);
        foreach (var step in new[] { "configuration", "dns", "tcp", "export traces", "export metrics", "export logs" })
        {
            Assert.Contains($"[PASS] {step}:", result.Output);
        }

        Assert.Contains("[SKIP] tls: not used: plaintext http:// to a loopback address", result.Output);
        Assert.Contains("All checks passed.", result.Output);
        Assert.Contains("tfk_doctor:tfs_****", result.Output);
        Assert.Contains(_receiver.Spans, span => span.Name == "telemetryflow.doctor");
        Assert.Contains(_receiver.Logs, log => Equals(log.Body, "telemetryflow-gen doctor test log"));
        Assert.Contains(_receiver.Metrics, metric => metric.Name == "telemetryflow.doctor.checks");
        AssertSecretNeverPrinted(result);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task Doctor_ReceiverBehavingLikeTheTelemetryFlowCollector_AllExportsPassWithTheDefaults(string protocol)
    {
        // The collector answers HTTP with 200 application/json {} and refuses gzip; the doctor runs the SDK's defaults.
        await using var collector = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { Mode = OtlpReceiverMode.TelemetryFlowCollector });
        var endpoint = protocol == "grpc" ? collector.GrpcEndpoint : collector.HttpEndpoint;

        var result = await DoctorAsync("--endpoint", endpoint.ToString(), "--protocol", protocol);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var step in new[] { "export traces", "export metrics", "export logs" })
        {
            Assert.Contains($"[PASS] {step}:", result.Output);
        }

        Assert.All(collector.Requests, r => Assert.True(r.Accepted, r.ToString()));
    }

    [Fact]
    public async Task Doctor_SignalTurnedOffByFlag_IsSkippedAndTheOthersStillPass()
    {
        var result = await DoctorAsync("--endpoint", _receiver.GrpcEndpoint.ToString(), "--no-metrics");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Signals:     traces, logs", result.Output);
        Assert.Contains("[SKIP] export metrics: signal disabled", result.Output);
        Assert.Contains("[PASS] export traces:", result.Output);
        Assert.Empty(_receiver.Metrics);
    }

    [Fact]
    public async Task Doctor_AppWithDiskBuffer_ValidatesItButKeepsFailedTestTelemetryOutOfIt()
    {
        var storage = _project.Combine("telemetry-buffer");
        _project.Write("appsettings.json", $$"""{ "TelemetryFlow": { "StorageDirectory": "{{storage}}" } }""");

        var result = await DoctorWithTimeoutAsync(FailingTimeout, "--endpoint", _receiver.HttpEndpoint.ToString(), "--protocol", "grpc");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[PASS] configuration:", result.Output);
        Assert.Contains($"leaves out the disk buffer in {storage}", result.Output);
        Assert.Contains("hint: Wrong protocol or port:", result.Output);
        Assert.True(!Directory.Exists(storage) || Directory.GetFiles(storage, "*", SearchOption.AllDirectories).Length == 0, "test telemetry was stored in the app's disk buffer");
    }

    [Fact]
    public async Task Doctor_StoppedReceiver_ReportsConnectionRefused()
    {
        var endpoint = _receiver.GrpcEndpoint.ToString();
        await _receiver.StopAsync();

        var result = await DoctorAsync("--endpoint", endpoint);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[FAIL] tcp: connection refused by 127.0.0.1:", result.Output);
        Assert.Contains("Nothing listens on 127.0.0.1:", result.Output);
        Assert.Contains("[SKIP] export: not attempted", result.Output);
        Assert.Contains("1 check(s) failed.", result.Output);
        AssertSecretNeverPrinted(result);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task Doctor_ReceiverAnswers401_ReportsCredentialsRejected(string protocol)
    {
        _receiver.EnqueueFailure(OtlpFailure.Unauthorized(times: 10));
        var endpoint = protocol == "grpc" ? _receiver.GrpcEndpoint : _receiver.HttpEndpoint;

        var result = await DoctorAsync("--endpoint", endpoint.ToString(), "--protocol", protocol);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[PASS] tcp:", result.Output);
        Assert.Contains("[FAIL] export traces:", result.Output);
        Assert.Contains("hint: Credentials rejected: the backend refused the API key tfk_doctor:tfs_**** (key id from flag, secret from flag)", result.Output);
        Assert.Contains("TELEMETRYFLOW_API_KEY_SECRET", result.Output);
        AssertSecretNeverPrinted(result);
    }

    [Fact]
    public async Task Doctor_GrpcPointedAtTheHttpPort_HintsWrongProtocolOrPort()
    {
        var result = await DoctorWithTimeoutAsync(FailingTimeout, "--endpoint", _receiver.HttpEndpoint.ToString(), "--protocol", "grpc");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[PASS] tcp:", result.Output);
        Assert.Contains("[FAIL] export traces:", result.Output);
        Assert.Contains("hint: Wrong protocol or port:", result.Output);
        Assert.Contains("speaks OTLP/HTTP, not gRPC", result.Output);

        // A signal whose export merely timed out on the same endpoint gets the specific diagnosis too.
        Assert.Equal(3, result.Output.Split("hint: Wrong protocol or port:").Length - 1);
        Assert.Contains("--protocol http", result.Output);
        AssertSecretNeverPrinted(result);
    }

    [Fact]
    public async Task Doctor_HttpPointedAtTheGrpcPort_HintsWrongProtocolOrPort()
    {
        var result = await DoctorAsync("--endpoint", _receiver.GrpcEndpoint.ToString(), "--protocol", "http");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("hint: Wrong protocol or port:", result.Output);
        Assert.Contains("speaks OTLP/gRPC, not OTLP/HTTP", result.Output);
        Assert.Contains("--protocol grpc", result.Output);
    }

    [Fact]
    public async Task Doctor_HttpPathNotFound_HintsTheApiVersionSwitch()
    {
        var result = await DoctorAsync("--endpoint", new Uri(_receiver.HttpEndpoint, "ingest").ToString(), "--protocol", "http");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("HTTP 404", result.Output);
        Assert.Contains("--v2 (TELEMETRYFLOW_USE_V2_API=true)", result.Output);
    }

    [Fact]
    public async Task Doctor_HttpsToAPlaintextPort_ReportsTheTlsFailure()
    {
        var result = await DoctorAsync("--endpoint", $"https://127.0.0.1:{_receiver.HttpEndpoint.Port}", "--protocol", "http");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[PASS] tcp:", result.Output);
        Assert.Contains("[FAIL] tls: TLS handshake with 127.0.0.1:", result.Output);
        Assert.Contains("may not speak TLS: if the collector listens without TLS use http://", result.Output);
        Assert.Contains("[SKIP] export: not attempted", result.Output);
        AssertSecretNeverPrinted(result);
    }

    [Fact]
    public async Task Doctor_HostThatDoesNotResolve_ReportsTheDnsFailure()
    {
        // .invalid never resolves (RFC 6761).
        var result = await DoctorAsync("--endpoint", "collector.telemetryflow.invalid:4317");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[FAIL] dns: ", result.Output);
        Assert.Contains("Check the spelling of the endpoint host 'collector.telemetryflow.invalid'", result.Output);
        Assert.DoesNotContain("[PASS] tcp", result.Output);
    }

    [Fact]
    public async Task Doctor_InvalidConfiguration_ListsEveryErrorAndStops()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string>(), _project.Path, "doctor", "--key-id", Secret, "--key-secret", "not-a-secret-value", "--endpoint", "ftp://x");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[FAIL] configuration:", result.Output);
        Assert.Contains("  - The API key id", result.Output);
        Assert.Contains("  - Endpoint", result.Output);
        Assert.DoesNotContain("[PASS] dns", result.Output);
        Assert.DoesNotContain(Secret, result.All);
        Assert.DoesNotContain("not-a-secret-value", result.All);
    }

    [Fact]
    public async Task Doctor_ReadsAppSettingsBelowEnvironmentBelowFlags_AsTheSdkDoes()
    {
        // appsettings points nowhere useful, the environment (through the CLI's seam, never the process) fixes it,
        // and a flag sets the service name over both.
        _project.Write("appsettings.json", """
            { "TelemetryFlow": { "Endpoint": "http://127.0.0.1:1", "ServiceName": "from-appsettings", "ApiKeyId": "tfk_from_appsettings" } }
            """);
        var environment = new Dictionary<string, string>
        {
            ["TELEMETRYFLOW_ENDPOINT"] = _receiver.GrpcEndpoint.ToString(),
            ["TELEMETRYFLOW_API_KEY_SECRET"] = Secret,
            ["TELEMETRYFLOW_SERVICE_NAME"] = "from-environment",
        };

        var result = await CliRunner.RunAsync(environment, _project.Path, "doctor", "--service", "from-flag");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("from-flag (the app's own version) (name from flag)", result.Output);
        Assert.Contains($"{_receiver.GrpcEndpoint} (from TELEMETRYFLOW_ENDPOINT)", result.Output);
        Assert.Contains("tfk_from_appsettings:tfs_**** (id from TelemetryFlow:ApiKeyId in appsettings.json, secret from TELEMETRYFLOW_API_KEY_SECRET)", result.Output);
        Assert.Equal("from-flag", Assert.Single(_receiver.Spans).ServiceName);
        AssertSecretNeverPrinted(result);
    }

    [Fact]
    public async Task Doctor_MistypedAppSettingsKey_FailsTheConfigurationStepNamingTheClosestKey()
    {
        _project.Write("appsettings.json", """
            { "TelemetryFlow": { "Endpiont": "http://127.0.0.1:1", "ServiceName": "typo", "CustomAttributes": { "team": "a" } } }
            """);

        var result = await DoctorAsync("--endpoint", _receiver.GrpcEndpoint.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[FAIL] configuration: 1 problem(s)", result.Output);
        Assert.Contains("TelemetryFlow:Endpiont is not a TelemetryFlow setting; did you mean Endpoint?", result.Output);
        Assert.DoesNotContain("CustomAttributes", result.Output);
        Assert.Empty(_receiver.Spans);
    }

    [Fact]
    public async Task Doctor_EndpointFromTheOtelVariable_IsReportedUnderThatVariable()
    {
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector.example",
            ["TELEMETRYFLOW_API_KEY_ID"] = KeyId,
            ["TELEMETRYFLOW_API_KEY_SECRET"] = Secret,
        };

        var result = await CliRunner.RunAsync(environment, _project.Path, "doctor", "--service", "otel");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Endpoint (OTEL_EXPORTER_OTLP_ENDPOINT, WithEndpoint) 'collector.example' is not valid", result.Output);
        AssertSecretNeverPrinted(result);
    }

    [Fact]
    public async Task Doctor_ReadsTheEnvFileWrittenByConfig()
    {
        var config = await CliRunner.RunAsync("config", "--project", _project.Path, "--key-id", KeyId, "--key-secret", Secret, "--endpoint", _receiver.HttpEndpoint.ToString(), "--protocol", "http", "--service", "from-env-file");
        Assert.Equal(0, config.ExitCode);

        var result = await CliRunner.RunAsync(new Dictionary<string, string>(), _project.Path, "doctor");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("name from TELEMETRYFLOW_SERVICE_NAME in .env.telemetryflow", result.Output);
        AssertSecretNeverPrinted(result);
    }

    // A healthy export returns as soon as the flush completes, so the generous timeout only matters on a loaded machine.
    // Failing cases pass a short one: a signal still retrying when it expires gets the diagnosis of the others.
    private Task<CliResult> DoctorAsync(params string[] args) => DoctorWithTimeoutAsync(HealthyTimeout, args);

    private async Task<CliResult> DoctorWithTimeoutAsync(string timeout, params string[] args)
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string>(), _project.Path, ["doctor", "--key-id", KeyId, "--key-secret", Secret, "--service", "doctor-test", "--timeout", timeout, .. args]);
        log.WriteLine(result.ToString());
        return result;
    }

    private static void AssertSecretNeverPrinted(CliResult result)
    {
        Assert.DoesNotContain(Secret, result.All);
        Assert.DoesNotContain("do_not_print", result.All);
    }
}
