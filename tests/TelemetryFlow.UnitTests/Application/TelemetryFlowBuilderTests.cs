namespace TelemetryFlow.UnitTests.Application;

public sealed class TelemetryFlowBuilderTests
{
    private const string TimeoutRange = "it must be greater than 0 and at most 10 minutes";
    private const string EndpointForms = "'host:port' (for example 'api.telemetryflow.id:4317') or an absolute http:// or https:// URL";
    private const string Plaintext = "is plaintext http to a non-loopback host, which would send the API key unencrypted; use https, or allow it explicitly with WithInsecure(true) (TELEMETRYFLOW_INSECURE=true)";
    private const string HeaderCharacters = "may contain only printable ASCII characters without commas, because it is sent as an HTTP header";

    /// <summary>Each entry breaks exactly one setting of an otherwise valid builder.</summary>
    private static readonly Dictionary<string, Func<TelemetryFlowBuilder>> InvalidBuilders = new(StringComparer.Ordinal)
    {
        ["no service name"] = () => new TelemetryFlowBuilder().WithApiKey(TestConfigs.KeyId, TestConfigs.KeySecret),
        ["empty service name"] = () => TestConfigs.ValidBuilder().WithService(string.Empty),
        ["blank service name"] = () => TestConfigs.ValidBuilder().WithService("   "),
        ["no api key"] = () => new TelemetryFlowBuilder().WithService("svc").WithApiKey(TestConfigs.KeyId, string.Empty),
        ["key id without prefix"] = () => TestConfigs.ValidBuilder().WithApiKey("key_123", TestConfigs.KeySecret),
        ["endpoint without port"] = () => TestConfigs.ValidBuilder().WithEndpoint("collector.example"),
        ["endpoint with path but no scheme"] = () => TestConfigs.ValidBuilder().WithEndpoint("collector.example/otlp"),
        ["endpoint with other scheme"] = () => TestConfigs.ValidBuilder().WithEndpoint("grpc://collector.example:4317"),
        ["empty endpoint"] = () => TestConfigs.ValidBuilder().WithEndpoint(string.Empty),
        ["port 0"] = () => TestConfigs.ValidBuilder().WithEndpoint("collector.example:0"),
        ["port 65536"] = () => TestConfigs.ValidBuilder().WithEndpoint("collector.example:65536"),
        ["port not a number"] = () => TestConfigs.ValidBuilder().WithEndpoint("collector.example:otlp"),
        ["url port 70000"] = () => TestConfigs.ValidBuilder().WithEndpoint("https://collector.example:70000"),
        ["url with query"] = () => TestConfigs.ValidBuilder().WithEndpoint("https://collector.example/otlp?tenant=a"),
        ["url with fragment"] = () => TestConfigs.ValidBuilder().WithEndpoint("https://collector.example/otlp#x"),
        ["http to private ip"] = () => TestConfigs.ValidBuilder().WithEndpoint("http://10.0.0.5:4318"),
        ["http to host name"] = () => TestConfigs.ValidBuilder().WithEndpoint("http://collector.example:4318"),
        ["http to host name, insecure off"] = () => TestConfigs.ValidBuilder().WithEndpoint("http://collector.example:4318").WithInsecure(false),
        ["timeout 0"] = () => TestConfigs.ValidBuilder().WithTimeout(TimeSpan.Zero),
        ["timeout negative"] = () => TestConfigs.ValidBuilder().WithTimeout(TimeSpan.FromSeconds(-1)),
        ["timeout over 10 minutes"] = () => TestConfigs.ValidBuilder().WithTimeout(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1)),
        ["batch delay 0"] = () => TestConfigs.ValidBuilder().WithBatchSettings(scheduledDelay: TimeSpan.Zero),
        ["batch size 0"] = () => TestConfigs.ValidBuilder().WithBatchSettings(maxExportBatchSize: 0),
        ["batch size over queue"] = () => TestConfigs.ValidBuilder().WithBatchSettings(maxExportBatchSize: 40000),
        ["batch size over smaller queue"] = () => TestConfigs.ValidBuilder().WithBatchSettings(maxExportBatchSize: 200, maxQueueSize: 100),
        ["retry attempts 0"] = () => TestConfigs.ValidBuilder().WithRetry(maxAttempts: 0),
        ["retry attempts 101"] = () => TestConfigs.ValidBuilder().WithRetry(maxAttempts: 101),
        ["initial backoff 0"] = () => TestConfigs.ValidBuilder().WithRetry(initialBackoff: TimeSpan.Zero),
        ["max backoff below initial"] = () => TestConfigs.ValidBuilder().WithRetry(initialBackoff: TimeSpan.FromSeconds(5), maxBackoff: TimeSpan.FromSeconds(2)),
        ["max backoff over 10 minutes"] = () => TestConfigs.ValidBuilder().WithRetry(maxBackoff: TimeSpan.FromMinutes(11)),
        ["rate limit -1"] = () => TestConfigs.ValidBuilder().WithRateLimit(-1),
        ["max request size 128 MiB"] = () => TestConfigs.ValidBuilder().WithMaxRequestSize(128 * 1024 * 1024),
        ["empty attribute key"] = () => TestConfigs.ValidBuilder().WithCustomAttribute(string.Empty, "x"),
        ["blank attribute key"] = () => TestConfigs.ValidBuilder().WithCustomAttribute("  ", "x"),
        ["no signal"] = () => TestConfigs.ValidBuilder().WithSignals(metrics: false, logs: false, traces: false),
        ["collector name with comma"] = () => TestConfigs.ValidBuilder().WithCollectorName("edge,collector"),
        ["collector name with newline"] = () => TestConfigs.ValidBuilder().WithCollectorName("edge\ncollector"),
        ["collector name with CR"] = () => TestConfigs.ValidBuilder().WithCollectorName("edge\rcollector"),
        ["collector id with comma"] = () => TestConfigs.ValidBuilder().WithCollectorId("a,b"),
        ["collector hostname with newline"] = () => TestConfigs.ValidBuilder().WithCollectorHostname("host\n"),
        ["datacenter with non-ascii"] = () => TestConfigs.ValidBuilder().WithDatacenter("z\u00FCrich"),
        ["environment with newline"] = () => TestConfigs.ValidBuilder().WithEnvironment("prod\r\nX-Evil: 1"),
        ["v2 only with v1 traces endpoint"] = () => TestConfigs.ValidBuilder().WithHttp().WithV2Only().WithTracesEndpoint("https://collector.example/v1/traces"),
        ["v2 only with v1 metrics endpoint"] = () => TestConfigs.ValidBuilder().WithHttp().WithV2Only().WithMetricsEndpoint("https://collector.example/v1/metrics"),
        ["v2 only with v1 logs endpoint"] = () => TestConfigs.ValidBuilder().WithHttp().WithV2Only().WithLogsEndpoint("https://collector.example/v1/logs"),
        ["invalid traces endpoint"] = () => TestConfigs.ValidBuilder().WithTracesEndpoint("traces.example"),
        ["http metrics endpoint to remote host"] = () => TestConfigs.ValidBuilder().WithMetricsEndpoint("http://metrics.example/v1/metrics"),
    };

    public static TheoryData<string, string[]> InvalidSettings => new()
    {
        { "no service name", ["ServiceName is required: call WithService(name) or set TELEMETRYFLOW_SERVICE_NAME (or OTEL_SERVICE_NAME)."] },
        { "empty service name", ["ServiceName is required"] },
        { "blank service name", ["ServiceName is required"] },
        { "no api key", ["The API key secret (ApiKeySecret, TELEMETRYFLOW_API_KEY_SECRET) is required; it starts with 'tfs_'.", "WithApiKey(keyId, keySecret)"] },
        { "key id without prefix", ["The API key id (ApiKeyId, TELEMETRYFLOW_API_KEY_ID) 'key_123' must start with 'tfk_'.", "WithApiKey(keyId, keySecret)"] },
        { "endpoint without port", ["Endpoint (TELEMETRYFLOW_ENDPOINT, WithEndpoint) 'collector.example' is not valid", EndpointForms, "port from 1 to 65535"] },
        { "endpoint with path but no scheme", ["Endpoint (TELEMETRYFLOW_ENDPOINT, WithEndpoint) 'collector.example/otlp' is not valid", EndpointForms] },
        { "endpoint with other scheme", ["Endpoint (TELEMETRYFLOW_ENDPOINT, WithEndpoint) 'grpc://collector.example:4317' is not valid", EndpointForms] },
        { "empty endpoint", ["Endpoint (TELEMETRYFLOW_ENDPOINT, WithEndpoint) is required", EndpointForms] },
        { "port 0", ["'collector.example:0' is not valid", "port from 1 to 65535"] },
        { "port 65536", ["'collector.example:65536' is not valid", "port from 1 to 65535"] },
        { "port not a number", ["'collector.example:otlp' is not valid", "port from 1 to 65535"] },
        { "url port 70000", ["Endpoint (TELEMETRYFLOW_ENDPOINT, WithEndpoint) 'https://collector.example:70000' is not valid", EndpointForms] },
        { "url with query", ["Endpoint (TELEMETRYFLOW_ENDPOINT, WithEndpoint) 'https://collector.example/otlp' must not carry a query string, fragment or user info"] },
        { "url with fragment", ["Endpoint (TELEMETRYFLOW_ENDPOINT, WithEndpoint) 'https://collector.example/otlp' must not carry a query string, fragment or user info"] },
        { "http to private ip", ["Endpoint (TELEMETRYFLOW_ENDPOINT) 'http://10.0.0.5:4318' " + Plaintext] },
        { "http to host name", ["Endpoint (TELEMETRYFLOW_ENDPOINT) 'http://collector.example:4318' " + Plaintext] },
        { "http to host name, insecure off", ["'http://collector.example:4318' " + Plaintext] },
        { "timeout 0", ["Timeout (TELEMETRYFLOW_TIMEOUT, WithTimeout) is 0 s; " + TimeoutRange] },
        { "timeout negative", ["Timeout (TELEMETRYFLOW_TIMEOUT, WithTimeout) is -1 s; " + TimeoutRange] },
        { "timeout over 10 minutes", ["Timeout (TELEMETRYFLOW_TIMEOUT, WithTimeout) is 601 s; " + TimeoutRange] },
        { "batch delay 0", ["Batch scheduled delay (TELEMETRYFLOW_BATCH_TIMEOUT, WithBatchSettings) is 0 s; " + TimeoutRange] },
        { "batch size 0", ["Batch max export size (TELEMETRYFLOW_BATCH_MAX_SIZE, WithBatchSettings) is 0; it must be between 1 and the max queue size (32768)."] },
        { "batch size over queue", ["Batch max export size (TELEMETRYFLOW_BATCH_MAX_SIZE, WithBatchSettings) is 40000; it must be between 1 and the max queue size (32768)."] },
        { "batch size over smaller queue", ["Batch max export size (TELEMETRYFLOW_BATCH_MAX_SIZE, WithBatchSettings) is 200; it must be between 1 and the max queue size (100)."] },
        { "retry attempts 0", ["Retry max attempts (TELEMETRYFLOW_MAX_RETRIES, WithRetry) is 0; it must be between 1 and 100."] },
        { "retry attempts 101", ["Retry max attempts (TELEMETRYFLOW_MAX_RETRIES, WithRetry) is 101; it must be between 1 and 100."] },
        { "initial backoff 0", ["Retry initial backoff (TELEMETRYFLOW_RETRY_BACKOFF, WithRetry) is 0 s; " + TimeoutRange] },
        { "max backoff below initial", ["Retry max backoff (TELEMETRYFLOW_RETRY_MAX_BACKOFF, WithRetry) is 2 s; it must be at least the initial backoff (5 s) and at most 10 minutes."] },
        { "max backoff over 10 minutes", ["Retry max backoff (TELEMETRYFLOW_RETRY_MAX_BACKOFF, WithRetry) is 660 s; it must be at least the initial backoff (1 s) and at most 10 minutes."] },
        { "max request size 128 MiB", ["Max request size (TELEMETRYFLOW_MAX_REQUEST_SIZE, WithMaxRequestSize) is 134217728 bytes; it must be between 65536 (64 KiB) and 67108864 (64 MiB)."] },
        { "rate limit -1", ["Rate limit (TELEMETRYFLOW_RATE_LIMIT, WithRateLimit) is -1; it must be 0 (unlimited) or a positive number of events per minute."] },
        { "empty attribute key", ["A custom resource attribute key is empty; attribute keys must be non-empty (WithCustomAttribute)."] },
        { "blank attribute key", ["A custom resource attribute key is empty"] },
        { "no signal", ["No signal is enabled; enable at least one of traces, metrics or logs (WithSignals, TELEMETRYFLOW_ENABLE_TRACES, TELEMETRYFLOW_ENABLE_METRICS, TELEMETRYFLOW_ENABLE_LOGS)."] },
        { "collector name with comma", ["Collector name (TELEMETRYFLOW_COLLECTOR_NAME) " + HeaderCharacters] },
        { "collector name with newline", ["Collector name (TELEMETRYFLOW_COLLECTOR_NAME) " + HeaderCharacters] },
        { "collector name with CR", ["Collector name (TELEMETRYFLOW_COLLECTOR_NAME) " + HeaderCharacters] },
        { "collector id with comma", ["Collector id (TELEMETRYFLOW_COLLECTOR_ID) " + HeaderCharacters] },
        { "collector hostname with newline", ["Collector hostname (TELEMETRYFLOW_COLLECTOR_HOSTNAME) " + HeaderCharacters] },
        { "datacenter with non-ascii", ["Datacenter (TELEMETRYFLOW_DATACENTER) " + HeaderCharacters] },
        { "environment with newline", ["Environment (TELEMETRYFLOW_ENVIRONMENT) " + HeaderCharacters] },
        { "v2 only with v1 traces endpoint", ["Traces endpoint (TELEMETRYFLOW_TRACES_ENDPOINT) 'https://collector.example/v1/traces' is a v1 path, but V2 only mode is on (TELEMETRYFLOW_V2_ONLY, WithV2Only); use a /v2/ path."] },
        { "v2 only with v1 metrics endpoint", ["Metrics endpoint (TELEMETRYFLOW_METRICS_ENDPOINT) 'https://collector.example/v1/metrics' is a v1 path"] },
        { "v2 only with v1 logs endpoint", ["Logs endpoint (TELEMETRYFLOW_LOGS_ENDPOINT) 'https://collector.example/v1/logs' is a v1 path"] },
        { "invalid traces endpoint", ["Traces endpoint (TELEMETRYFLOW_TRACES_ENDPOINT) 'traces.example' is not valid", EndpointForms] },
        { "http metrics endpoint to remote host", ["Metrics endpoint (TELEMETRYFLOW_METRICS_ENDPOINT) 'http://metrics.example' " + Plaintext] },
    };

    [Fact]
    public void Build_RequiredSettingsOnly_Succeeds()
    {
        var config = TestConfigs.ValidBuilder().Build();

        Assert.Equal(TestConfigs.ServiceName, config.ServiceName);
        Assert.Equal(TestConfigs.KeyId, config.Credentials!.KeyId);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Build_OneInvalidSetting_ThrowsWithItsDocumentedError(string setting, string[] expectedFragments)
    {
        var error = TestConfigs.BuildFails(InvalidBuilders[setting]());

        var message = Assert.Single(error.Errors);
        foreach (var fragment in expectedFragments)
        {
            Assert.Contains(fragment, message, StringComparison.Ordinal);
        }

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidSettings_Table_CoversEveryInvalidBuilder()
    {
        var rows = InvalidSettings.Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(InvalidBuilders.Keys.Order(StringComparer.Ordinal), rows);
    }

    [Fact]
    public void Build_QueueSizeZero_ReportsQueueAndBatchSize()
    {
        var error = TestConfigs.BuildFails(TestConfigs.ValidBuilder().WithBatchSettings(maxQueueSize: 0));

        Assert.Equal(2, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.StartsWith("Batch max queue size (TELEMETRYFLOW_BATCH_MAX_QUEUE_SIZE, WithBatchSettings) is 0; it must be at least 1.", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("Batch max export size", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_NoApiKeyAtAll_ReportsIdAndSecret()
    {
        var error = TestConfigs.BuildFails(new TelemetryFlowBuilder().WithService("svc"));

        Assert.Equal(2, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Contains("API key id (ApiKeyId, TELEMETRYFLOW_API_KEY_ID) is required", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("API key secret (ApiKeySecret, TELEMETRYFLOW_API_KEY_SECRET) is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:4318", false)]
    [InlineData("http://127.0.0.1", false)]
    [InlineData("http://localhost:4318", false)]
    [InlineData("http://LocalHost:4318/otlp", false)]
    [InlineData("http://[::1]:4318", false)]
    [InlineData("http://10.0.0.5:4318", true)]
    [InlineData("http://collector.example:4318", true)]
    [InlineData("https://collector.example:4318", false)]
    public void Build_PlainHttpToLoopbackOrExplicitlyInsecure_IsAccepted(string endpoint, bool insecure)
    {
        var config = TestConfigs.ValidBuilder().WithHttp().WithEndpoint(endpoint).WithInsecure(insecure).Build();

        Assert.Equal(new Uri(endpoint), config.EndpointUri);
        Assert.Equal(endpoint.StartsWith("https", StringComparison.Ordinal), config.UsesTls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)]
    public void Build_RateLimitZeroOrPositive_IsAccepted(int limit)
    {
        Assert.Equal(limit, TestConfigs.ValidBuilder().WithRateLimit(limit).Build().RateLimit);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(600_000)]
    public void Build_TimeoutAtBoundary_IsAccepted(int milliseconds)
    {
        var timeout = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(timeout, TestConfigs.ValidBuilder().WithTimeout(timeout).Build().ExportTimeout);
    }

    [Fact]
    public void Build_V2OnlyWithV2Endpoints_IsAcceptedAndUsesV2()
    {
        var config = TestConfigs.ValidBuilder().WithHttp().WithV2Only()
            .WithTracesEndpoint("https://collector.example/v2/traces")
            .Build();

        Assert.True(config.V2Only);
        Assert.Equal(ApiVersion.V2, config.ApiVersion);
        Assert.Equal("https://collector.example/v2/traces", config.GetSignalEndpoint(SignalType.Traces).AbsoluteUri);
    }

    [Fact]
    public void Build_QueueSmallerThanTheDefaultBatch_ShrinksTheDefaultBatchToTheQueue()
    {
        var config = TestConfigs.ValidBuilder().WithBatchSettings(maxQueueSize: 2048).Build();

        Assert.Equal((2048, 2048), (config.Batch.MaxExportBatchSize, config.Batch.MaxQueueSize));
    }

    [Fact]
    public void Build_SeveralProblems_ReportsAllOfThemInOneException()
    {
        var builder = new TelemetryFlowBuilder()
            .WithApiKey("tfk_ok", "nope")
            .WithEndpoint("collector.example")
            .WithTimeout(TimeSpan.Zero)
            .WithBatchSettings(maxExportBatchSize: 50000)
            .WithRetry(maxAttempts: 0)
            .WithRateLimit(-1)
            .WithSignals(false, false, false)
            .WithCollectorName("a,b");

        var error = TestConfigs.BuildFails(builder);

        var expected = new[]
        {
            "API key secret (ApiKeySecret, TELEMETRYFLOW_API_KEY_SECRET) must start with 'tfs_'",
            "ServiceName is required",
            "Endpoint (TELEMETRYFLOW_ENDPOINT, WithEndpoint) 'collector.example' is not valid",
            "Timeout (TELEMETRYFLOW_TIMEOUT, WithTimeout) is 0 s",
            "Batch max export size (TELEMETRYFLOW_BATCH_MAX_SIZE, WithBatchSettings) is 50000",
            "Retry max attempts (TELEMETRYFLOW_MAX_RETRIES, WithRetry) is 0",
            "Rate limit (TELEMETRYFLOW_RATE_LIMIT, WithRateLimit) is -1",
            "No signal is enabled",
            "Collector name (TELEMETRYFLOW_COLLECTOR_NAME)",
        };
        Assert.Equal(expected.Length, error.Errors.Count);
        Assert.StartsWith($"The TelemetryFlow configuration has {expected.Length} problems:", error.Message, StringComparison.Ordinal);
        foreach (var fragment in expected)
        {
            Assert.Single(error.Errors, e => e.Contains(fragment, StringComparison.Ordinal));
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_EnvironmentParseErrorAndValidationError_AreReportedTogether()
    {
        var variables = TestConfigs.Variables("TELEMETRYFLOW_TIMEOUT=abc;TELEMETRYFLOW_MAX_RETRIES=0");
        var builder = new TelemetryFlowBuilder().WithApiKey(TestConfigs.KeyId, TestConfigs.KeySecret).WithAutoConfiguration(variables.GetValueOrDefault);

        var error = TestConfigs.BuildFails(builder);

        Assert.Equal(3, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.StartsWith("TELEMETRYFLOW_TIMEOUT='abc' is not valid", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("Retry max attempts (TELEMETRYFLOW_MAX_RETRIES, WithRetry) is 0", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("ServiceName is required", StringComparison.Ordinal));
    }

    [Fact]
    public void TryBuild_InvalidSettings_ReturnsFalseWithEveryErrorAndDoesNotThrow()
    {
        var builder = new TelemetryFlowBuilder().WithTimeout(TimeSpan.Zero);

        var built = builder.TryBuild(out var config, out var errors);

        Assert.False(built);
        Assert.Null(config);
        Assert.Equal(4, errors.Count);
        Assert.Equal(TestConfigs.BuildFails(builder).Errors, errors);
    }

    [Fact]
    public void TryBuild_ValidSettings_ReturnsTrueAndNoErrors()
    {
        var built = TestConfigs.ValidBuilder().TryBuild(out var config, out var errors);

        Assert.True(built);
        Assert.NotNull(config);
        Assert.Empty(errors);
    }

    [Fact]
    public void Build_CalledTwice_GivesEqualIndependentConfigs()
    {
        var builder = TestConfigs.ValidBuilder();

        var first = builder.Build();
        var second = builder.Build();

        Assert.NotSame(first, second);
        Assert.Equal(TestConfigs.Describe(first), TestConfigs.Describe(second));
    }

    [Fact]
    public void WithProtocol_UndefinedValue_ThrowsBuilderExceptionListingTheValues()
    {
        var error = Assert.Throws<BuilderException>(() => new TelemetryFlowBuilder().WithProtocol((Protocol)99));

        Assert.Equal("WithProtocol was given 99, which is not a defined Protocol; use one of: Grpc, HttpProtobuf.", error.Message);
    }

    [Fact]
    public void WithCompression_UndefinedValue_ThrowsBuilderExceptionListingTheValues()
    {
        var error = Assert.Throws<BuilderException>(() => new TelemetryFlowBuilder().WithCompression((ExportCompression)7));

        Assert.Equal("WithCompression was given 7, which is not a defined ExportCompression; use one of: None, Gzip.", error.Message);
    }

    [Fact]
    public void WithAutoConfiguration_NullDelegate_ThrowsBuilderException()
    {
        var error = Assert.Throws<BuilderException>(() => new TelemetryFlowBuilder().WithAutoConfiguration(null!));

        Assert.Contains("WithAutoConfiguration", error.Message, StringComparison.Ordinal);
        Assert.Contains("not null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithCustomAttributes_NullCollection_ThrowsBuilderException()
    {
        var error = Assert.Throws<BuilderException>(() => new TelemetryFlowBuilder().WithCustomAttributes(null!));

        Assert.Contains("WithCustomAttributes", error.Message, StringComparison.Ordinal);
        Assert.Contains("not null", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, ExportCompression.Gzip)]
    [InlineData(false, ExportCompression.None)]
    public void WithCompression_Boolean_SelectsGzipOrNone(bool enabled, ExportCompression expected)
    {
        Assert.Equal(expected, TestConfigs.ValidBuilder().WithCompression(enabled).Build().Compression);
    }

    [Theory]
    [InlineData(true, Protocol.Grpc)]
    [InlineData(false, Protocol.HttpProtobuf)]
    public void WithGrpcOrWithHttp_Shortcut_SelectsProtocol(bool grpc, Protocol expected)
    {
        var builder = grpc ? TestConfigs.ValidBuilder().WithHttp().WithGrpc() : TestConfigs.ValidBuilder().WithGrpc().WithHttp();

        Assert.Equal(expected, builder.Build().Protocol);
    }

    [Fact]
    public void WithService_NullVersion_KeepsVersionSetEarlier()
    {
        var config = TestConfigs.ValidBuilder().WithService("a", "9.9.9").WithService("b").Build();

        Assert.Equal("b", config.ServiceName);
        Assert.Equal("9.9.9", config.ServiceVersion);
    }

    [Fact]
    public void WithRetryAndWithBatchSettings_PartialCalls_KeepValuesSetEarlier()
    {
        var config = TestConfigs.ValidBuilder()
            .WithRetry(maxAttempts: 7)
            .WithRetry(initialBackoff: TimeSpan.FromMilliseconds(200))
            .WithBatchSettings(maxQueueSize: 4096)
            .WithBatchSettings(maxExportBatchSize: 1024)
            .Build();

        Assert.Equal(new RetrySettings(true, 7, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30)), config.Retry);
        Assert.Equal(new BatchSettings(TimeSpan.FromSeconds(10), 1024, 4096), config.Batch);
    }

    [Fact]
    public void Build_CallsInAnyOrder_GiveTheSameConfig()
    {
        var forward = new TelemetryFlowBuilder()
            .WithApiKey(TestConfigs.KeyId, TestConfigs.KeySecret)
            .WithService("svc", "3.0.0")
            .WithHttp()
            .WithEndpoint("collector.example:4318")
            .WithInsecure()
            .WithV2Only()
            .WithTracesEndpoint("collector.example:9000")
            .WithBatchSettings(maxExportBatchSize: 3000, maxQueueSize: 4000)
            .WithRetry(enabled: false, maxAttempts: 5)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithCustomAttribute("team", "core")
            .WithEnvironment("staging")
            .Build();

        var backward = new TelemetryFlowBuilder()
            .WithEnvironment("staging")
            .WithCustomAttribute("team", "core")
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithRetry(enabled: false, maxAttempts: 5)
            .WithBatchSettings(maxExportBatchSize: 3000, maxQueueSize: 4000)
            .WithTracesEndpoint("collector.example:9000")
            .WithV2Only()
            .WithInsecure()
            .WithEndpoint("collector.example:4318")
            .WithHttp()
            .WithService("svc", "3.0.0")
            .WithApiKey(TestConfigs.KeyId, TestConfigs.KeySecret)
            .Build();

        Assert.Equal(TestConfigs.Describe(forward), TestConfigs.Describe(backward));
        Assert.Equal("http://collector.example:4318/v2/logs", backward.GetSignalEndpoint(SignalType.Logs).AbsoluteUri);
        Assert.Equal("http://collector.example:9000/", backward.GetSignalEndpoint(SignalType.Traces).AbsoluteUri);
    }

    [Fact]
    public void Build_AutoConfigurationCalledFirstOrLast_GivesTheSameConfig()
    {
        var variables = TestConfigs.Variables("TELEMETRYFLOW_SERVICE_NAME=env-svc;TELEMETRYFLOW_ENVIRONMENT=qa;TELEMETRYFLOW_TIMEOUT=5s");

        var first = new TelemetryFlowBuilder().WithAutoConfiguration(variables.GetValueOrDefault)
            .WithApiKey(TestConfigs.KeyId, TestConfigs.KeySecret).WithService("code-svc").Build();
        var last = new TelemetryFlowBuilder()
            .WithApiKey(TestConfigs.KeyId, TestConfigs.KeySecret).WithService("code-svc").WithAutoConfiguration(variables.GetValueOrDefault).Build();

        Assert.Equal(TestConfigs.Describe(first), TestConfigs.Describe(last));
        Assert.Equal("code-svc", last.ServiceName);
        Assert.Equal("qa", last.Environment);
    }

    [Fact]
    public void Build_CodeAndEnvironmentSetTheSameSettings_CodeWins()
    {
        var variables = TestConfigs.Variables(
            "TELEMETRYFLOW_API_KEY_ID=tfk_env;TELEMETRYFLOW_API_KEY_SECRET=tfs_env;TELEMETRYFLOW_ENDPOINT=env.example:4317;"
            + "TELEMETRYFLOW_PROTOCOL=grpc;TELEMETRYFLOW_SERVICE_NAME=env-svc;TELEMETRYFLOW_SERVICE_VERSION=9.9.9;"
            + "TELEMETRYFLOW_SERVICE_NAMESPACE=env-ns;TELEMETRYFLOW_ENVIRONMENT=env-environment;TELEMETRYFLOW_TIMEOUT=99;"
            + "TELEMETRYFLOW_COMPRESSION=gzip;TELEMETRYFLOW_MAX_RETRIES=9;TELEMETRYFLOW_BATCH_MAX_SIZE=99;TELEMETRYFLOW_RATE_LIMIT=99;"
            + "TELEMETRYFLOW_ENABLE_TRACES=true;TELEMETRYFLOW_ENABLE_EXEMPLARS=true;TELEMETRYFLOW_USE_V2_API=true;"
            + "TELEMETRYFLOW_COLLECTOR_NAME=env-collector;TELEMETRYFLOW_INSECURE=true;OTEL_RESOURCE_ATTRIBUTES=team=env");

        var config = new TelemetryFlowBuilder()
            .WithAutoConfiguration(variables.GetValueOrDefault)
            .WithApiKey("tfk_code", "tfs_code")
            .WithEndpoint("https://code.example:4318")
            .WithHttp()
            .WithService("code-svc", "1.2.3")
            .WithServiceNamespace("code-ns")
            .WithEnvironment("code-environment")
            .WithTimeout(TimeSpan.FromSeconds(7))
            .WithCompression(false)
            .WithRetry(maxAttempts: 2)
            .WithBatchSettings(maxExportBatchSize: 64)
            .WithRateLimit(5)
            .WithSignals(metrics: true, logs: false, traces: false)
            .WithExemplars(false)
            .WithV2Api(false)
            .WithCollectorName("code-collector")
            .WithInsecure(false)
            .WithCustomAttribute("team", "code")
            .Build();

        Assert.Equal("tfk_code", config.Credentials!.KeyId);
        Assert.Equal("Bearer tfk_code:tfs_code", config.Credentials!.AuthorizationHeader);
        Assert.Equal("https://code.example:4318/", config.EndpointUri.AbsoluteUri);
        Assert.Equal(Protocol.HttpProtobuf, config.Protocol);
        Assert.Equal("code-svc", config.ServiceName);
        Assert.Equal("1.2.3", config.ServiceVersion);
        Assert.Equal("code-ns", config.ServiceNamespace);
        Assert.Equal("code-environment", config.Environment);
        Assert.Equal(TimeSpan.FromSeconds(7), config.ExportTimeout);
        Assert.Equal(ExportCompression.None, config.Compression);
        Assert.Equal(2, config.Retry.MaxAttempts);
        Assert.Equal(64, config.Batch.MaxExportBatchSize);
        Assert.Equal(5, config.RateLimit);
        Assert.Equal(SignalType.Metrics, config.EnabledSignals);
        Assert.False(config.ExemplarsEnabled);
        Assert.Equal(ApiVersion.V1, config.ApiVersion);
        Assert.Equal("code-collector", config.CollectorName);
        Assert.False(config.Insecure);
        Assert.Equal("code", config.CustomAttributes["team"]);
    }

    [Fact]
    public void Build_CodeSetsSomeSettings_EnvironmentFillsTheRest()
    {
        var variables = TestConfigs.Variables("TELEMETRYFLOW_SERVICE_NAME=env-svc;TELEMETRYFLOW_SERVICE_VERSION=4.5.6;OTEL_RESOURCE_ATTRIBUTES=team=env,zone=a");

        var config = TestConfigs.ValidBuilder().WithCustomAttribute("team", "code").WithAutoConfiguration(variables.GetValueOrDefault).Build();

        Assert.Equal(TestConfigs.ServiceName, config.ServiceName);
        Assert.Equal("4.5.6", config.ServiceVersion);
        Assert.Equal("code", config.CustomAttributes["team"]);
        Assert.Equal("a", config.CustomAttributes["zone"]);
    }

    [Fact]
    public void WithRetry_CalledInCode_AppliesEnabledOverEnvironmentAndLastCallWins()
    {
        // Documented: 'enabled' is always applied by WithRetry (code beats environment), other values left null keep theirs.
        var variables = TestConfigs.Variables("TELEMETRYFLOW_RETRY_ENABLED=false;TELEMETRYFLOW_RETRY_BACKOFF=250ms");

        var config = TestConfigs.ValidBuilder().WithAutoConfiguration(variables.GetValueOrDefault).WithRetry(maxAttempts: 5).Build();
        var disabledLast = TestConfigs.ValidBuilder().WithRetry(maxAttempts: 5).WithRetry(enabled: false).Build();

        Assert.Equal(5, config.Retry.MaxAttempts);
        Assert.True(config.Retry.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.Retry.InitialBackoff);
        Assert.False(disabledLast.Retry.Enabled);
        Assert.Equal(5, disabledLast.Retry.MaxAttempts);
    }
}
