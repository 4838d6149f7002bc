using System.Reflection;

namespace TelemetryFlow.UnitTests.Domain;

public sealed class TelemetryConfigTests
{
    [Fact]
    public void DefaultConstants_Always_HaveTheDocumentedValues()
    {
        Assert.Equal("api.telemetryflow.id:4317", TelemetryConfig.DefaultGrpcEndpoint);
        Assert.Equal("api.telemetryflow.id:4318", TelemetryConfig.DefaultHttpEndpoint);
        Assert.Equal(Protocol.Grpc, TelemetryConfig.DefaultProtocol);
        Assert.Equal(TimeSpan.FromSeconds(30), TelemetryConfig.DefaultExportTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), TelemetryConfig.MaxExportTimeout);
        Assert.Equal(ExportCompression.None, TelemetryConfig.DefaultCompression);
        Assert.Equal(ApiVersion.V1, TelemetryConfig.DefaultApiVersion);
        Assert.Equal("production", TelemetryConfig.DefaultEnvironment);
        Assert.Equal(SignalType.All, TelemetryConfig.DefaultSignals);
        Assert.True(TelemetryConfig.DefaultExemplarsEnabled);
        Assert.Equal(PlatformMetrics.All, TelemetryConfig.DefaultPlatformMetrics);
        Assert.Equal(0, TelemetryConfig.DefaultRateLimit);
        Assert.Equal("telemetryflow-dotnet", TelemetryConfig.DistroName);
    }

    [Fact]
    public void Build_OnlyRequiredSettings_UsesEveryDefault()
    {
        var config = TestConfigs.ValidBuilder().Build();

        Assert.Equal("api.telemetryflow.id:4317", config.Endpoint);
        Assert.Equal(new Uri("https://api.telemetryflow.id:4317"), config.EndpointUri);
        Assert.Equal(Protocol.Grpc, config.Protocol);
        Assert.False(config.Insecure);
        Assert.True(config.UsesTls);
        Assert.Equal(TimeSpan.FromSeconds(30), config.ExportTimeout);
        Assert.Equal(ExportCompression.None, config.Compression);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Batch.ScheduledDelay);
        Assert.Equal(8192, config.Batch.MaxExportBatchSize);
        Assert.Equal(32768, config.Batch.MaxQueueSize);
        Assert.True(config.Retry.Enabled);
        Assert.Equal(3, config.Retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), config.Retry.InitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Retry.MaxBackoff);
        Assert.Equal(ApiVersion.V1, config.ApiVersion);
        Assert.False(config.V2Only);
        Assert.Equal(Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion, config.ServiceVersion);
        Assert.Null(config.ServiceNamespace);
        Assert.True(Guid.TryParse(config.ServiceInstanceId, out _), config.ServiceInstanceId);
        Assert.Equal("production", config.Environment);
        Assert.Equal(SignalType.All, config.EnabledSignals);
        Assert.True(config.ExemplarsEnabled);
        Assert.Equal(PlatformMetrics.All, config.PlatformMetrics);
        Assert.Equal(0, config.RateLimit);
        Assert.Null(config.CollectorId);
        Assert.Null(config.CollectorName);
        Assert.Null(config.CollectorHostname);
        Assert.Null(config.Datacenter);
        Assert.Empty(config.CustomAttributes);
        Assert.Null(config.TracesEndpoint);
        Assert.Null(config.MetricsEndpoint);
        Assert.Null(config.LogsEndpoint);
    }

    [Fact]
    public void Build_HttpWithoutEndpoint_UsesTheHttpDefaultPort()
    {
        var config = TestConfigs.ValidBuilder().WithHttp().Build();

        Assert.Equal(TelemetryConfig.DefaultHttpEndpoint, config.Endpoint);
        Assert.Equal(new Uri("https://api.telemetryflow.id:4318"), config.EndpointUri);
    }

    [Fact]
    public void Build_InsecureHostPort_UsesPlainHttp()
    {
        var config = TestConfigs.ValidBuilder().WithInsecure().Build();

        Assert.Equal(new Uri("http://api.telemetryflow.id:4317"), config.EndpointUri);
        Assert.True(config.Insecure);
        Assert.False(config.UsesTls);
    }

    [Fact]
    public void ResourceAttributes_DefaultConfig_HasServiceDeploymentAndDistroAttributes()
    {
        var attributes = TestConfigs.ValidBuilder().Build().ResourceAttributes;

        Assert.Equal(
            new[]
            {
                "deployment.environment", "deployment.environment.name", "service.instance.id", "service.name",
                "service.version", "telemetry.distro.name", "telemetry.distro.version",
            },
            attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TestConfigs.ServiceName, attributes["service.name"]);
        Assert.Equal(Assembly.GetEntryAssembly()!.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion, attributes["service.version"]);
        Assert.Equal("production", attributes["deployment.environment"]);
        Assert.Equal("production", attributes["deployment.environment.name"]);
        Assert.Equal("telemetryflow-dotnet", attributes["telemetry.distro.name"]);
        Assert.False(string.IsNullOrWhiteSpace((string)attributes["telemetry.distro.version"]));
        Assert.Equal(TelemetryConfig.DistroVersion, attributes["telemetry.distro.version"]);
    }

    [Fact]
    public void ResourceAttributes_EverythingSet_IncludesCollectorDatacenterAndCustomAttributes()
    {
        var attributes = TestConfigs.ValidBuilder()
            .WithService("payments", "2.3.4")
            .WithServiceNamespace("shop")
            .WithEnvironment("staging")
            .WithCollectorId("col-1")
            .WithCollectorName("edge collector")
            .WithCollectorHostname("edge-01.internal")
            .WithDatacenter("eu-west-1")
            .WithCustomAttribute("team", "payments-core")
            .WithCustomAttributes(new Dictionary<string, string> { ["tier"] = "gold", ["region"] = "eu" })
            .Build()
            .ResourceAttributes;

        Assert.Equal("payments", attributes["service.name"]);
        Assert.Equal("2.3.4", attributes["service.version"]);
        Assert.Equal("shop", attributes["service.namespace"]);
        Assert.Equal("staging", attributes["deployment.environment"]);
        Assert.Equal("staging", attributes["deployment.environment.name"]);
        Assert.Equal("col-1", attributes["telemetryflow.collector.id"]);
        Assert.Equal("edge collector", attributes["telemetryflow.collector.name"]);
        Assert.Equal("edge-01.internal", attributes["telemetryflow.collector.hostname"]);
        Assert.Equal("eu-west-1", attributes["telemetryflow.datacenter"]);
        Assert.Equal("payments-core", attributes["team"]);
        Assert.Equal("gold", attributes["tier"]);
        Assert.Equal("eu", attributes["region"]);
    }

    [Theory]
    [InlineData("service.name", TestConfigs.ServiceName)]
    [InlineData("deployment.environment", "production")]
    [InlineData("deployment.environment.name", "production")]
    [InlineData("telemetry.distro.name", "telemetryflow-dotnet")]
    public void ResourceAttributes_CustomAttributeWithSdkKey_SdkValueWins(string key, string expected)
    {
        var attributes = TestConfigs.ValidBuilder().WithCustomAttribute(key, "from-custom").Build().ResourceAttributes;

        Assert.Equal(expected, attributes[key]);
    }

    [Fact]
    public void ResourceAttributes_CustomAttributesWithServiceKeys_SetValuesWin()
    {
        var attributes = TestConfigs.ValidBuilder()
            .WithService(TestConfigs.ServiceName, "2.0.0")
            .WithServiceNamespace("shop")
            .WithServiceInstanceId("pod-1")
            .WithCustomAttributes(new Dictionary<string, string> { ["service.version"] = "x", ["service.namespace"] = "x", ["service.instance.id"] = "x" })
            .Build()
            .ResourceAttributes;

        Assert.Equal("2.0.0", attributes["service.version"]);
        Assert.Equal("shop", attributes["service.namespace"]);
        Assert.Equal("pod-1", attributes["service.instance.id"]);
    }

    [Fact]
    public void ResourceAttributes_CustomNamespaceWithoutTheSetting_IsKept() =>
        Assert.Equal("from-custom", TestConfigs.ValidBuilder().WithCustomAttribute("service.namespace", "from-custom").Build().ResourceAttributes["service.namespace"]);

    [Fact]
    public void ResourceAttributes_CustomAttributeWithCollectorKeyButNoCollector_KeepsCustomValue()
    {
        var attributes = TestConfigs.ValidBuilder().WithCustomAttribute("telemetryflow.collector.id", "custom").Build().ResourceAttributes;

        Assert.Equal("custom", attributes["telemetryflow.collector.id"]);
    }

    [Fact]
    public void ExportHeaders_DefaultConfig_HasCredentialAndEnvironmentHeadersOnly()
    {
        var headers = TestConfigs.ValidBuilder().Build().ExportHeaders;

        Assert.Equal(
            new[] { "Authorization", "X-TelemetryFlow-Environment", "X-TelemetryFlow-Key-ID", "X-TelemetryFlow-Key-Secret" },
            headers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal($"Bearer {TestConfigs.KeyId}:{TestConfigs.KeySecret}", headers["Authorization"]);
        Assert.Equal(TestConfigs.KeyId, headers["X-TelemetryFlow-Key-ID"]);
        Assert.Equal(TestConfigs.KeySecret, headers["X-TelemetryFlow-Key-Secret"]);
        Assert.Equal("production", headers["X-TelemetryFlow-Environment"]);
    }

    [Fact]
    public void ExportHeaders_CollectorAndDatacenterSet_AddsTheirHeaders()
    {
        var headers = TestConfigs.ValidBuilder()
            .WithEnvironment("staging")
            .WithCollectorId("col-1")
            .WithCollectorName("edge collector")
            .WithCollectorHostname("edge-01.internal")
            .WithDatacenter("eu-west-1")
            .Build()
            .ExportHeaders;

        Assert.Equal("col-1", headers["X-TelemetryFlow-Collector-ID"]);
        Assert.Equal("edge collector", headers["X-TelemetryFlow-Collector-Name"]);
        Assert.Equal("edge-01.internal", headers["X-TelemetryFlow-Collector-Hostname"]);
        Assert.Equal("staging", headers["X-TelemetryFlow-Environment"]);
        Assert.Equal("eu-west-1", headers["X-TelemetryFlow-Datacenter"]);
        Assert.False(headers.ContainsKey("X-TelemetryFlow-API-Version"));
        Assert.Equal(8, headers.Count);
    }

    [Theory]
    [InlineData(false, false, null)]
    [InlineData(true, false, "v2")]
    [InlineData(false, true, "v2")]
    public void ExportHeaders_ApiMode_SendsVersionHeaderOnlyInV2(bool v2, bool v2Only, string? expected)
    {
        var builder = TestConfigs.ValidBuilder().WithV2Api(v2);
        if (v2Only)
        {
            builder.WithV2Only();
        }

        var headers = builder.Build().ExportHeaders;

        Assert.Equal(expected, headers.GetValueOrDefault("X-TelemetryFlow-API-Version"));
    }

    [Fact]
    public void ExportHeaders_LookUp_IsCaseInsensitive()
    {
        var headers = TestConfigs.ValidBuilder().Build().ExportHeaders;

        Assert.Equal(TestConfigs.KeyId, headers["x-telemetryflow-key-id"]);
    }

    [Theory]
    [InlineData("https://collector.example:4318", false, SignalType.Traces, "https://collector.example:4318/v1/traces")]
    [InlineData("https://collector.example:4318", false, SignalType.Metrics, "https://collector.example:4318/v1/metrics")]
    [InlineData("https://collector.example:4318", false, SignalType.Logs, "https://collector.example:4318/v1/logs")]
    [InlineData("https://collector.example:4318", true, SignalType.Traces, "https://collector.example:4318/v2/traces")]
    [InlineData("https://collector.example:4318", true, SignalType.Metrics, "https://collector.example:4318/v2/metrics")]
    [InlineData("https://collector.example:4318", true, SignalType.Logs, "https://collector.example:4318/v2/logs")]
    [InlineData("https://h/otlp", false, SignalType.Traces, "https://h/otlp/v1/traces")]
    [InlineData("https://h/otlp/", false, SignalType.Logs, "https://h/otlp/v1/logs")]
    [InlineData("https://h/a/b", true, SignalType.Metrics, "https://h/a/b/v2/metrics")]
    [InlineData("collector.example:4318", false, SignalType.Traces, "https://collector.example:4318/v1/traces")]
    [InlineData("http://localhost:4318", false, SignalType.Logs, "http://localhost:4318/v1/logs")]
    public void GetSignalEndpoint_Http_AppendsVersionedSignalPathToEndpointPath(string endpoint, bool v2, SignalType signal, string expected)
    {
        var config = TestConfigs.ValidBuilder().WithHttp().WithEndpoint(endpoint).WithV2Api(v2).Build();

        Assert.Equal(expected, config.GetSignalEndpoint(signal).AbsoluteUri);
    }

    [Theory]
    [InlineData(SignalType.Traces)]
    [InlineData(SignalType.Metrics)]
    [InlineData(SignalType.Logs)]
    public void GetSignalEndpoint_Grpc_ReturnsTheEndpoint(SignalType signal)
    {
        var config = TestConfigs.ValidBuilder().WithEndpoint("collector.example:4317").WithV2Api().Build();

        Assert.Equal("https://collector.example:4317/", config.GetSignalEndpoint(signal).AbsoluteUri);
    }

    [Theory]
    [InlineData(Protocol.HttpProtobuf, SignalType.Traces, "https://traces.example/custom/path")]
    [InlineData(Protocol.HttpProtobuf, SignalType.Metrics, "https://collector.example:4318/v1/metrics")]
    [InlineData(Protocol.HttpProtobuf, SignalType.Logs, "https://logs.example:9000/")]
    [InlineData(Protocol.Grpc, SignalType.Traces, "https://traces.example/custom/path")]
    [InlineData(Protocol.Grpc, SignalType.Metrics, "https://collector.example:4318/")]
    [InlineData(Protocol.Grpc, SignalType.Logs, "https://logs.example:9000/")]
    public void GetSignalEndpoint_PerSignalOverride_WinsAndIsUsedAsIs(Protocol protocol, SignalType signal, string expected)
    {
        var config = TestConfigs.ValidBuilder()
            .WithProtocol(protocol)
            .WithEndpoint("https://collector.example:4318")
            .WithTracesEndpoint("https://traces.example/custom/path")
            .WithLogsEndpoint("logs.example:9000")
            .Build();

        Assert.Equal(expected, config.GetSignalEndpoint(signal).AbsoluteUri);
    }

    [Theory]
    [InlineData(SignalType.None)]
    [InlineData(SignalType.All)]
    [InlineData(SignalType.Traces | SignalType.Logs)]
    [InlineData((SignalType)8)]
    public void GetSignalEndpoint_NotExactlyOneSignal_Throws(SignalType signal)
    {
        var config = TestConfigs.ValidBuilder().Build();

        Assert.Throws<ArgumentOutOfRangeException>(() => config.GetSignalEndpoint(signal));
    }

    [Theory]
    [InlineData(true, true, true, SignalType.Traces, true)]
    [InlineData(true, true, true, SignalType.All, true)]
    [InlineData(true, true, true, SignalType.None, false)]
    [InlineData(true, false, false, SignalType.Metrics, true)]
    [InlineData(true, false, false, SignalType.Logs, false)]
    [InlineData(true, false, false, SignalType.Traces, false)]
    [InlineData(false, true, true, SignalType.Logs | SignalType.Traces, true)]
    [InlineData(false, true, true, SignalType.All, false)]
    [InlineData(false, true, false, SignalType.Logs, true)]
    public void IsEnabled_Signal_IsTrueOnlyWhenEveryRequestedSignalIsEnabled(bool metrics, bool logs, bool traces, SignalType query, bool expected)
    {
        var config = TestConfigs.ValidBuilder().WithSignals(metrics, logs, traces).Build();

        Assert.Equal(expected, config.IsEnabled(query));
    }

    [Theory]
    [InlineData("metrics", SignalType.Metrics)]
    [InlineData("logs", SignalType.Logs)]
    [InlineData("traces", SignalType.Traces)]
    public void WithSignalOnly_Shortcut_EnablesExactlyThatSignal(string which, SignalType expected)
    {
        var builder = TestConfigs.ValidBuilder();
        _ = which switch
        {
            "metrics" => builder.WithMetricsOnly(),
            "logs" => builder.WithLogsOnly(),
            _ => builder.WithTracesOnly(),
        };

        Assert.Equal(expected, builder.Build().EnabledSignals);
    }

    [Fact]
    public void ToString_Always_SummarisesWithMaskedSecret()
    {
        var text = TestConfigs.ValidBuilder().WithService("payments", "2.0.0").WithEnvironment("staging").Build().ToString();

        Assert.Contains("payments@2.0.0", text, StringComparison.Ordinal);
        Assert.Contains("staging", text, StringComparison.Ordinal);
        Assert.Contains("https://api.telemetryflow.id:4317/", text, StringComparison.Ordinal);
        Assert.Contains($"{TestConfigs.KeyId}:tfs_****", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestConfigs.KeySecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("unit_test_secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomAttributes_AfterBuild_IsNotAffectedByLaterBuilderCalls()
    {
        var builder = TestConfigs.ValidBuilder().WithCustomAttribute("team", "a");
        var config = builder.Build();

        builder.WithCustomAttribute("team", "b").WithCustomAttribute("extra", "x");

        Assert.Equal("a", config.CustomAttributes["team"]);
        Assert.False(config.CustomAttributes.ContainsKey("extra"));
    }
}
