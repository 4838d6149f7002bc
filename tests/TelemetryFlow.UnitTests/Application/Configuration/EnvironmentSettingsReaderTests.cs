using System.Reflection;
using NSubstitute;
using TelemetryFlow.Application.Configuration;

namespace TelemetryFlow.UnitTests.Application.Configuration;

/// <summary>
/// Auto-configuration through <see cref="TelemetryFlowBuilder.WithAutoConfiguration(Func{string, string?})"/> with an
/// in-memory variable source: the process environment is never read or changed.
/// </summary>
public sealed class EnvironmentSettingsReaderTests
{
    private const string BooleanForms = "use true, false, 1 or 0 (any case).";
    private const string SecondsForms = "use a number of seconds (for example 30) or a value with a unit: 250ms, 10s, 2m or 1h (or hh:mm:ss).";
    private const string MillisecondsForms = "use a number of milliseconds (for example 5000) or a value with a unit: 250ms, 10s, 2m or 1h (or hh:mm:ss).";

    /// <summary>How each row of <see cref="VariableMappings"/> reads the property it expects the variable to set.</summary>
    private static readonly Dictionary<string, Func<TelemetryConfig, object?>> Properties = new(StringComparer.Ordinal)
    {
        ["Credentials.KeyId"] = c => c.Credentials!.KeyId,
        ["Credentials.AuthorizationHeader"] = c => c.Credentials!.AuthorizationHeader,
        ["EndpointUri"] = c => c.EndpointUri.AbsoluteUri,
        ["Protocol"] = c => c.Protocol,
        ["Insecure"] = c => c.Insecure,
        ["ServiceName"] = c => c.ServiceName,
        ["ServiceVersion"] = c => c.ServiceVersion,
        ["ServiceNamespace"] = c => c.ServiceNamespace,
        ["ServiceInstanceId"] = c => c.ServiceInstanceId,
        ["Environment"] = c => c.Environment,
        ["CollectorId"] = c => c.CollectorId,
        ["CollectorName"] = c => c.CollectorName,
        ["CollectorHostname"] = c => c.CollectorHostname,
        ["Datacenter"] = c => c.Datacenter,
        ["Compression"] = c => c.Compression,
        ["ExportTimeout"] = c => c.ExportTimeout,
        ["Retry.Enabled"] = c => c.Retry.Enabled,
        ["Retry.MaxAttempts"] = c => c.Retry.MaxAttempts,
        ["Retry.InitialBackoff"] = c => c.Retry.InitialBackoff,
        ["Retry.MaxBackoff"] = c => c.Retry.MaxBackoff,
        ["Batch.ScheduledDelay"] = c => c.Batch.ScheduledDelay,
        ["Batch.MaxExportBatchSize"] = c => c.Batch.MaxExportBatchSize,
        ["Batch.MaxQueueSize"] = c => c.Batch.MaxQueueSize,
        ["EnabledSignals"] = c => c.EnabledSignals,
        ["ExemplarsEnabled"] = c => c.ExemplarsEnabled,
        ["SdkMetricsEnabled"] = c => c.SdkMetricsEnabled,
        ["TracedLibraries"] = c => c.TracedLibraries,
        ["PlatformMetrics"] = c => c.PlatformMetrics,
        ["RateLimit"] = c => c.RateLimit,
        ["MaxRequestSizeBytes"] = c => c.MaxRequestSizeBytes,
        ["RequestBudget"] = c => c.RequestBudget,
        ["Limits.MetricCardinality"] = c => c.Limits.MetricCardinality,
        ["Limits.MaxMetricStreams"] = c => c.Limits.MaxMetricStreams,
        ["PersistentStorage.Directory"] = c => c.PersistentStorage?.Directory,
        ["SamplingRatio"] = c => c.SamplingRatio,
        ["ParentBasedSampling"] = c => c.ParentBasedSampling,
        ["ApiVersion"] = c => c.ApiVersion,
        ["V2Only"] = c => c.V2Only,
        ["TracesEndpoint"] = c => c.TracesEndpoint?.AbsoluteUri,
        ["MetricsEndpoint"] = c => c.MetricsEndpoint?.AbsoluteUri,
        ["LogsEndpoint"] = c => c.LogsEndpoint?.AbsoluteUri,
        ["CustomAttributes"] = c => TestConfigs.Render(c.CustomAttributes),
        ["TracesPerSecond"] = c => c.TracesPerSecond,
        ["MetricsTemporality"] = c => c.MetricsTemporality,
        ["HistogramAggregation"] = c => c.HistogramAggregation,
        ["CertificateAuthorityPath"] = c => c.CertificateAuthorityPath,
        ["ClientCertificatePath"] = c => c.ClientCertificatePath,
        ["ClientKeyPath"] = c => c.ClientKeyPath,
        ["BaggageKeys"] = c => string.Join(",", c.BaggageKeys),
        ["Credentials"] = c => c.Credentials?.KeyId,
        ["Headers"] = c => TestConfigs.Render(c.Headers),
        ["Headers.Traces"] = c => TestConfigs.Render(c.GetExportHeaders(SignalType.Traces).Where(h => h.Key.StartsWith("x-", StringComparison.Ordinal)).ToDictionary()),
        ["Headers.Metrics"] = c => TestConfigs.Render(c.GetExportHeaders(SignalType.Metrics).Where(h => h.Key.StartsWith("x-", StringComparison.Ordinal)).ToDictionary()),
        ["Headers.Logs"] = c => TestConfigs.Render(c.GetExportHeaders(SignalType.Logs).Where(h => h.Key.StartsWith("x-", StringComparison.Ordinal)).ToDictionary()),
    };

    // Certificate settings must name a file that exists; this one always does.
    private static readonly string ExistingFile = typeof(EnvironmentSettingsReaderTests).Assembly.Location;

    /// <summary>One variable and value -> the property it sets and the expected value (as rendered by <see cref="TestConfigs.Render"/>).</summary>
    public static TheoryData<string, string, string, string> VariableMappings => new()
    {
        { "TELEMETRYFLOW_API_KEY_ID", "tfk_from_env", "Credentials.KeyId", "tfk_from_env" },
        { "TELEMETRYFLOW_API_KEY_SECRET", "tfs_from_env", "Credentials.AuthorizationHeader", "Bearer tfk_base:tfs_from_env" },
        { "TELEMETRYFLOW_ENDPOINT", "collector.example:4317", "EndpointUri", "https://collector.example:4317/" },
        { "TELEMETRYFLOW_ENDPOINT", "http://localhost:4318/otlp", "EndpointUri", "http://localhost:4318/otlp" },
        { "OTEL_EXPORTER_OTLP_ENDPOINT", "https://otel.example:4318", "EndpointUri", "https://otel.example:4318/" },
        { "TELEMETRYFLOW_SERVICE_NAME", "orders", "ServiceName", "orders" },
        { "OTEL_SERVICE_NAME", "otel-orders", "ServiceName", "otel-orders" },
        { "TELEMETRYFLOW_SERVICE_VERSION", "2.1.0", "ServiceVersion", "2.1.0" },
        { "TELEMETRYFLOW_SERVICE_NAMESPACE", "shop", "ServiceNamespace", "shop" },
        { "TELEMETRYFLOW_SERVICE_INSTANCE_ID", "pod-7f9c", "ServiceInstanceId", "pod-7f9c" },
        { "TELEMETRYFLOW_ENVIRONMENT", "staging", "Environment", "staging" },
        { "ENV", "qa", "Environment", "qa" },
        { "ENVIRONMENT", "test", "Environment", "test" },
        { "DOTNET_ENVIRONMENT", "Development", "Environment", "development" },
        { "ASPNETCORE_ENVIRONMENT", "Staging", "Environment", "staging" },
        { "TELEMETRYFLOW_COLLECTOR_ID", "col-7", "CollectorId", "col-7" },
        { "TELEMETRYFLOW_COLLECTOR_NAME", "edge collector", "CollectorName", "edge collector" },
        { "TELEMETRYFLOW_COLLECTOR_HOSTNAME", "edge-01.internal", "CollectorHostname", "edge-01.internal" },
        { "TELEMETRYFLOW_DATACENTER", "eu-west-1", "Datacenter", "eu-west-1" },
        { "TELEMETRYFLOW_INSECURE", "true", "Insecure", "True" },
        { "TELEMETRYFLOW_INSECURE", "true", "EndpointUri", "http://api.telemetryflow.id:4317/" },
        { "TELEMETRYFLOW_PROTOCOL", "http", "Protocol", "HttpProtobuf" },
        { "TELEMETRYFLOW_PROTOCOL", "http", "EndpointUri", "https://api.telemetryflow.id:4318/" },
        { "TELEMETRYFLOW_PROTOCOL", "GRPC", "Protocol", "Grpc" },
        { "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "Protocol", "HttpProtobuf" },
        { "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "Protocol", "Grpc" },
        { "TELEMETRYFLOW_COMPRESSION", "none", "Compression", "None" },
        { "TELEMETRYFLOW_COMPRESSION", "GZIP", "Compression", "Gzip" },
        { "TELEMETRYFLOW_COMPRESSION", "false", "Compression", "None" },
        { "TELEMETRYFLOW_COMPRESSION", "1", "Compression", "Gzip" },
        { "TELEMETRYFLOW_TIMEOUT", "10s", "ExportTimeout", "00:00:10" },
        { "TELEMETRYFLOW_RETRY_ENABLED", "false", "Retry.Enabled", "False" },
        { "TELEMETRYFLOW_MAX_RETRIES", "5", "Retry.MaxAttempts", "5" },
        { "TELEMETRYFLOW_RETRY_BACKOFF", "500", "Retry.InitialBackoff", "00:00:00.5000000" },
        { "TELEMETRYFLOW_BATCH_TIMEOUT", "5000", "Batch.ScheduledDelay", "00:00:05" },
        { "TELEMETRYFLOW_BATCH_MAX_SIZE", "256", "Batch.MaxExportBatchSize", "256" },
        { "TELEMETRYFLOW_BATCH_MAX_QUEUE_SIZE", "4096", "Batch.MaxQueueSize", "4096" },
        { "TELEMETRYFLOW_RETRY_MAX_BACKOFF", "45s", "Retry.MaxBackoff", "00:00:45" },
        { "TELEMETRYFLOW_ENABLE_TRACES", "false", "EnabledSignals", "Metrics, Logs" },
        { "TELEMETRYFLOW_ENABLE_METRICS", "false", "EnabledSignals", "Traces, Logs" },
        { "TELEMETRYFLOW_ENABLE_LOGS", "0", "EnabledSignals", "Traces, Metrics" },
        { "TELEMETRYFLOW_ENABLE_EXEMPLARS", "false", "ExemplarsEnabled", "False" },
        { "TELEMETRYFLOW_ENABLE_SDK_METRICS", "false", "SdkMetricsEnabled", "False" },
        { "TELEMETRYFLOW_TRACE_ENTITYFRAMEWORKCORE", "false", "TracedLibraries", "SqlClient, GrpcClient" },
        { "TELEMETRYFLOW_TRACE_SQLCLIENT", "false", "TracedLibraries", "EntityFrameworkCore, GrpcClient" },
        { "TELEMETRYFLOW_TRACE_GRPCCLIENT", "false", "TracedLibraries", "EntityFrameworkCore, SqlClient" },
        { "TELEMETRYFLOW_RUNTIME_METRICS", "false", "PlatformMetrics", "Process, HttpClient, AspNetCore, Kestrel" },
        { "TELEMETRYFLOW_PROCESS_METRICS", "false", "PlatformMetrics", "Runtime, HttpClient, AspNetCore, Kestrel" },
        { "TELEMETRYFLOW_HTTP_CLIENT_METRICS", "false", "PlatformMetrics", "Runtime, Process, AspNetCore, Kestrel" },
        { "TELEMETRYFLOW_ASPNETCORE_METRICS", "false", "PlatformMetrics", "Runtime, Process, HttpClient, Kestrel" },
        { "TELEMETRYFLOW_KESTREL_METRICS", "false", "PlatformMetrics", "Runtime, Process, HttpClient, AspNetCore" },
        { "TELEMETRYFLOW_RATE_LIMIT", "600", "RateLimit", "600" },
        { "TELEMETRYFLOW_MAX_REQUEST_SIZE", "1048576", "MaxRequestSizeBytes", "1048576" },
        { "TELEMETRYFLOW_REQUEST_BUDGET", "90", "RequestBudget", "90" },
        { "TELEMETRYFLOW_METRIC_CARDINALITY_LIMIT", "100", "Limits.MetricCardinality", "100" },
        { "TELEMETRYFLOW_METRIC_MAX_STREAMS", "5000", "Limits.MaxMetricStreams", "5000" },
        { "TELEMETRYFLOW_STORAGE_DIRECTORY", "/var/lib/app/telemetry", "PersistentStorage.Directory", "/var/lib/app/telemetry" },
        { "OTEL_TRACES_SAMPLER", "always_off", "SamplingRatio", "0" },
        { "OTEL_TRACES_SAMPLER", "traceidratio", "ParentBasedSampling", "False" },

        // The argument only matters with a ratio sampler; alone it changes nothing.
        { "OTEL_TRACES_SAMPLER_ARG", "0.25", "SamplingRatio", "1" },
        { "TELEMETRYFLOW_USE_V2_API", "true", "ApiVersion", "V2" },
        { "TELEMETRYFLOW_V2_ONLY", "true", "V2Only", "True" },
        { "TELEMETRYFLOW_V2_ONLY", "true", "ApiVersion", "V2" },
        { "TELEMETRYFLOW_TRACES_ENDPOINT", "https://t.example/custom/traces", "TracesEndpoint", "https://t.example/custom/traces" },
        { "TELEMETRYFLOW_METRICS_ENDPOINT", "https://m.example/custom/metrics", "MetricsEndpoint", "https://m.example/custom/metrics" },
        { "TELEMETRYFLOW_LOGS_ENDPOINT", "logs.example:4317", "LogsEndpoint", "https://logs.example:4317/" },
        { "OTEL_RESOURCE_ATTRIBUTES", "team=payments", "CustomAttributes", "team=payments" },
        { "TELEMETRYFLOW_CREDENTIALS", "none", "Credentials", "(null)" },
        { "TELEMETRYFLOW_CREDENTIALS", "AUTO", "Credentials", "tfk_base" },
        { "OTEL_EXPORTER_OTLP_HEADERS", " x-a = 1%202 , x-b=%3D,,", "Headers", "x-a=1 2, x-b==" },
        { "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-t=1", "Headers.Traces", "x-t=1" },
        { "OTEL_EXPORTER_OTLP_METRICS_HEADERS", "x-m=1", "Headers.Metrics", "x-m=1" },
        { "OTEL_EXPORTER_OTLP_LOGS_HEADERS", "x-l=1", "Headers.Logs", "x-l=1" },
        { "OTEL_RESOURCE_ATTRIBUTES", " team = payments , tier=gold,,", "CustomAttributes", "team=payments, tier=gold" },
        { "OTEL_RESOURCE_ATTRIBUTES", "owner=J%C3%BCrgen%20M%2C%20Jr.,path=a%3Db", "CustomAttributes", "owner=Jürgen M, Jr., path=a=b" },
        { "OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes", "ServiceName", "from-attributes" },
        { "OTEL_RESOURCE_ATTRIBUTES", "service.version=7.0.0", "ServiceVersion", "7.0.0" },
        { "OTEL_RESOURCE_ATTRIBUTES", "service.namespace=attr-ns", "ServiceNamespace", "attr-ns" },
        { "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=attr-env", "Environment", "attr-env" },
        { "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=attr-env-name", "Environment", "attr-env-name" },
        { "OTEL_RESOURCE_ATTRIBUTES", "service.name=svc,team=a", "CustomAttributes", "team=a" },
        { "TELEMETRYFLOW_TRACES_PER_SECOND", "12.5", "TracesPerSecond", "12.5" },
        { "OTEL_TRACES_SAMPLER", "parentbased_rate_limited;OTEL_TRACES_SAMPLER_ARG=40", "TracesPerSecond", "40" },
        { "TELEMETRYFLOW_METRICS_TEMPORALITY", "delta", "MetricsTemporality", "Delta" },
        { "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "LowMemory", "MetricsTemporality", "LowMemory" },
        { "TELEMETRYFLOW_METRICS_HISTOGRAM_AGGREGATION", "base2_exponential_bucket_histogram", "HistogramAggregation", "Base2Exponential" },
        { "OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION", "explicit_bucket_histogram", "HistogramAggregation", "ExplicitBuckets" },
        { "TELEMETRYFLOW_CERTIFICATE", ExistingFile, "CertificateAuthorityPath", ExistingFile },
        { "OTEL_EXPORTER_OTLP_CERTIFICATE", ExistingFile, "CertificateAuthorityPath", ExistingFile },
        { "TELEMETRYFLOW_CLIENT_CERTIFICATE", $"{ExistingFile};TELEMETRYFLOW_CLIENT_KEY={ExistingFile}", "ClientCertificatePath", ExistingFile },
        { "TELEMETRYFLOW_CLIENT_KEY", $"{ExistingFile};TELEMETRYFLOW_CLIENT_CERTIFICATE={ExistingFile}", "ClientKeyPath", ExistingFile },
        { "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", $"{ExistingFile};OTEL_EXPORTER_OTLP_CLIENT_KEY={ExistingFile}", "ClientCertificatePath", ExistingFile },
        { "OTEL_EXPORTER_OTLP_CLIENT_KEY", $"{ExistingFile};OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE={ExistingFile}", "ClientKeyPath", ExistingFile },
        { "TELEMETRYFLOW_BAGGAGE_KEYS", "tenant., user.id", "BaggageKeys", "tenant.,user.id" },
    };

    [Theory]
    [MemberData(nameof(VariableMappings))]
    public void AutoConfiguration_OneVariable_SetsItsProperty(string variable, string value, string property, string expected)
    {
        var config = BuildFrom($"{variable}={value}");

        Assert.Equal(expected, TestConfigs.Render(Properties[property](config)));
    }

    [Fact]
    public void VariableMappings_Table_HasARowForEveryDocumentedVariable()
    {
        var covered = VariableMappings.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        var missing = DocumentedVariables().Where(v => !covered.Contains(v)).ToList();

        Assert.True(missing.Count == 0, "No mapping row for: " + string.Join(", ", missing));
    }

    [Fact]
    public void AutoConfiguration_Always_ReadsOnlyDocumentedVariables()
    {
        var read = Substitute.For<Func<string, string?>>();

        _ = TestConfigs.ValidBuilder().WithAutoConfiguration(read).Build();

        var requested = read.ReceivedCalls().Select(call => (string)call.GetArguments()[0]!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(DocumentedVariables().Order(StringComparer.Ordinal), requested.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("TELEMETRYFLOW_ENVIRONMENT=a;ENV=b;ENVIRONMENT=c;DOTNET_ENVIRONMENT=d;ASPNETCORE_ENVIRONMENT=e", "Environment", "a")]
    [InlineData("ENV=b;ENVIRONMENT=c;DOTNET_ENVIRONMENT=d;ASPNETCORE_ENVIRONMENT=e", "Environment", "b")]
    [InlineData("ENVIRONMENT=c;DOTNET_ENVIRONMENT=d;ASPNETCORE_ENVIRONMENT=e", "Environment", "c")]
    [InlineData("DOTNET_ENVIRONMENT=d;ASPNETCORE_ENVIRONMENT=e", "Environment", "d")]
    [InlineData("ASPNETCORE_ENVIRONMENT=e", "Environment", "e")]
    [InlineData("ASPNETCORE_ENVIRONMENT=Development", "Environment", "development")]
    [InlineData("ENV=QA", "Environment", "qa")]
    [InlineData("TELEMETRYFLOW_ENVIRONMENT=Staging;ASPNETCORE_ENVIRONMENT=Development", "Environment", "Staging")]
    [InlineData("TELEMETRYFLOW_ENVIRONMENT=   ;ENV=b", "Environment", "b")]
    [InlineData("ENV=;ENVIRONMENT=c", "Environment", "c")]
    [InlineData("ASPNETCORE_ENVIRONMENT=e;OTEL_RESOURCE_ATTRIBUTES=deployment.environment=f", "Environment", "f")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES=deployment.environment=f", "Environment", "f")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES=service.instance.id=pod-1", "ServiceInstanceId", "pod-1")]
    [InlineData("TELEMETRYFLOW_SERVICE_INSTANCE_ID=tf;OTEL_RESOURCE_ATTRIBUTES=service.instance.id=attr", "ServiceInstanceId", "tf")]
    [InlineData("", "Environment", "production")]
    [InlineData("TELEMETRYFLOW_ENDPOINT=tf.example:4317;OTEL_EXPORTER_OTLP_ENDPOINT=https://otel.example:4318", "EndpointUri", "https://tf.example:4317/")]
    [InlineData("TELEMETRYFLOW_SERVICE_NAME=tf;OTEL_SERVICE_NAME=otel;OTEL_RESOURCE_ATTRIBUTES=service.name=attr", "ServiceName", "tf")]
    [InlineData("OTEL_SERVICE_NAME=otel;OTEL_RESOURCE_ATTRIBUTES=service.name=attr", "ServiceName", "otel")]
    [InlineData("TELEMETRYFLOW_SERVICE_VERSION=1.1.1;OTEL_RESOURCE_ATTRIBUTES=service.version=2.2.2", "ServiceVersion", "1.1.1")]
    [InlineData("TELEMETRYFLOW_PROTOCOL=grpc;OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "Protocol", "Grpc")]
    [InlineData("TELEMETRYFLOW_PROTOCOL=http;OTEL_EXPORTER_OTLP_PROTOCOL=grpc", "Protocol", "HttpProtobuf")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf;OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318", "EndpointUri", "http://localhost:4318/")]
    [InlineData("TELEMETRYFLOW_API_KEY_ID=  tfk_padded  ", "Credentials.KeyId", "tfk_padded")]
    public void AutoConfiguration_CompetingVariables_TheDocumentedOneWins(string variables, string property, string expected)
    {
        var config = BuildFrom(variables);

        Assert.Equal(expected, TestConfigs.Render(Properties[property](config)));
    }

    [Theory]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "250ms", 250)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "10s", 10_000)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "2m", 120_000)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "0.1h", 360_000)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "10S", 10_000)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "250MS", 250)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "1.5s", 1_500)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "45", 45_000)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "1.5", 1_500)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", " 20s ", 20_000)]
    [InlineData("TELEMETRYFLOW_BATCH_TIMEOUT", "5000", 5_000)]
    [InlineData("TELEMETRYFLOW_BATCH_TIMEOUT", "250ms", 250)]
    [InlineData("TELEMETRYFLOW_BATCH_TIMEOUT", "10s", 10_000)]
    [InlineData("TELEMETRYFLOW_BATCH_TIMEOUT", "2m", 120_000)]
    [InlineData("TELEMETRYFLOW_RETRY_BACKOFF", "500", 500)]
    [InlineData("TELEMETRYFLOW_RETRY_BACKOFF", "250ms", 250)]
    [InlineData("TELEMETRYFLOW_RETRY_BACKOFF", "2s", 2_000)]
    [InlineData("TELEMETRYFLOW_RETRY_BACKOFF", "0.5m", 30_000)]
    public void AutoConfiguration_Duration_AcceptsUnitsAndPlainNumbersInTheVariablesUnit(string variable, string value, int expectedMilliseconds)
    {
        var config = BuildFrom($"{variable}={value}");

        var actual = variable switch
        {
            "TELEMETRYFLOW_TIMEOUT" => config.ExportTimeout,
            "TELEMETRYFLOW_BATCH_TIMEOUT" => config.Batch.ScheduledDelay,
            _ => config.Retry.InitialBackoff,
        };
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), actual);
    }

    [Fact]
    public void AutoConfiguration_TimeoutWithSecondsUnit_IsHonouredUnlikeThePythonSdk()
    {
        // The Python SDK parses TELEMETRYFLOW_TIMEOUT with float() and silently keeps its default for "10s".
        var config = BuildFrom("TELEMETRYFLOW_TIMEOUT=10s");

        Assert.Equal(TimeSpan.FromSeconds(10), config.ExportTimeout);
        Assert.NotEqual(TelemetryConfig.DefaultExportTimeout, config.ExportTimeout);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("tRuE", true)]
    [InlineData("1", true)]
    [InlineData(" true ", true)]
    [InlineData("false", false)]
    [InlineData("FALSE", false)]
    [InlineData("False", false)]
    [InlineData("fAlSe", false)]
    [InlineData("0", false)]
    public void AutoConfiguration_Boolean_AcceptsTrueFalseOneZeroInAnyCase(string value, bool expected)
    {
        var config = BuildFrom($"TELEMETRYFLOW_ENABLE_EXEMPLARS={value};TELEMETRYFLOW_RETRY_ENABLED={value};TELEMETRYFLOW_USE_V2_API={value}");

        Assert.Equal(expected, config.ExemplarsEnabled);
        Assert.Equal(expected, config.Retry.Enabled);
        Assert.Equal(expected ? ApiVersion.V2 : ApiVersion.V1, config.ApiVersion);
    }

    [Theory]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "abc", "TELEMETRYFLOW_TIMEOUT='abc' is not valid; " + SecondsForms)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "10 seconds", "TELEMETRYFLOW_TIMEOUT='10 seconds' is not valid; " + SecondsForms)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "-5s", "TELEMETRYFLOW_TIMEOUT='-5s' is not valid; " + SecondsForms)]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "1,5", "TELEMETRYFLOW_TIMEOUT='1,5' is not valid; " + SecondsForms)]
    [InlineData("TELEMETRYFLOW_BATCH_TIMEOUT", "5x", "TELEMETRYFLOW_BATCH_TIMEOUT='5x' is not valid; " + MillisecondsForms)]
    [InlineData("TELEMETRYFLOW_RETRY_BACKOFF", "soon", "TELEMETRYFLOW_RETRY_BACKOFF='soon' is not valid; " + MillisecondsForms)]
    [InlineData("TELEMETRYFLOW_INSECURE", "yes", "TELEMETRYFLOW_INSECURE='yes' is not valid; " + BooleanForms)]
    [InlineData("TELEMETRYFLOW_RETRY_ENABLED", "on", "TELEMETRYFLOW_RETRY_ENABLED='on' is not valid; " + BooleanForms)]
    [InlineData("TELEMETRYFLOW_ENABLE_TRACES", "enabled", "TELEMETRYFLOW_ENABLE_TRACES='enabled' is not valid; " + BooleanForms)]
    [InlineData("TELEMETRYFLOW_ENABLE_METRICS", "2", "TELEMETRYFLOW_ENABLE_METRICS='2' is not valid; " + BooleanForms)]
    [InlineData("TELEMETRYFLOW_ENABLE_LOGS", "no", "TELEMETRYFLOW_ENABLE_LOGS='no' is not valid; " + BooleanForms)]
    [InlineData("TELEMETRYFLOW_ENABLE_EXEMPLARS", "y", "TELEMETRYFLOW_ENABLE_EXEMPLARS='y' is not valid; " + BooleanForms)]
    [InlineData("TELEMETRYFLOW_USE_V2_API", "v2", "TELEMETRYFLOW_USE_V2_API='v2' is not valid; " + BooleanForms)]
    [InlineData("TELEMETRYFLOW_V2_ONLY", "only", "TELEMETRYFLOW_V2_ONLY='only' is not valid; " + BooleanForms)]
    [InlineData("TELEMETRYFLOW_PROTOCOL", "udp", "TELEMETRYFLOW_PROTOCOL='udp' is not valid; use grpc or http.")]
    [InlineData("TELEMETRYFLOW_PROTOCOL", "http/json", "TELEMETRYFLOW_PROTOCOL='http/json' is not valid; use grpc or http.")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL='http/json' is not supported; TelemetryFlow exports grpc or http/protobuf.")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "HTTP/JSON", "OTEL_EXPORTER_OTLP_PROTOCOL='HTTP/JSON' is not supported; TelemetryFlow exports grpc or http/protobuf.")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "thrift", "OTEL_EXPORTER_OTLP_PROTOCOL='thrift' is not valid; use grpc or http/protobuf.")]
    [InlineData("TELEMETRYFLOW_COMPRESSION", "brotli", "TELEMETRYFLOW_COMPRESSION='brotli' is not valid; use gzip, none, true, false, 1 or 0.")]
    [InlineData("TELEMETRYFLOW_MAX_RETRIES", "three", "TELEMETRYFLOW_MAX_RETRIES='three' is not valid; use a whole number.")]
    [InlineData("TELEMETRYFLOW_MAX_RETRIES", "2.5", "TELEMETRYFLOW_MAX_RETRIES='2.5' is not valid; use a whole number.")]
    [InlineData("TELEMETRYFLOW_BATCH_MAX_SIZE", "1e3", "TELEMETRYFLOW_BATCH_MAX_SIZE='1e3' is not valid; use a whole number.")]
    [InlineData("TELEMETRYFLOW_RATE_LIMIT", "10/min", "TELEMETRYFLOW_RATE_LIMIT='10/min' is not valid; use a whole number.")]
    [InlineData("TELEMETRYFLOW_RATE_LIMIT", "99999999999", "TELEMETRYFLOW_RATE_LIMIT='99999999999' is not valid; use a whole number.")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES", "novalue", "OTEL_RESOURCE_ATTRIBUTES entry 'novalue' is not valid; use key=value pairs separated by commas.")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES", "=orphan", "OTEL_RESOURCE_ATTRIBUTES entry '=orphan' is not valid; use key=value pairs separated by commas.")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES", "team=a,broken", "OTEL_RESOURCE_ATTRIBUTES entry 'broken' is not valid; use key=value pairs separated by commas.")]
    [InlineData("TELEMETRYFLOW_ENDPOINT", "collector.example", "Endpoint (TELEMETRYFLOW_ENDPOINT, WithEndpoint) 'collector.example' is not valid; use 'host:port'")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector.example", "Endpoint (OTEL_EXPORTER_OTLP_ENDPOINT, WithEndpoint) 'collector.example' is not valid; use 'host:port'")]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "0", "Timeout (TELEMETRYFLOW_TIMEOUT, WithTimeout) is 0 s; it must be greater than 0 and at most 10 minutes.")]
    [InlineData("TELEMETRYFLOW_TIMEOUT", "1h", "Timeout (TELEMETRYFLOW_TIMEOUT, WithTimeout) is 3600 s; it must be greater than 0 and at most 10 minutes.")]
    [InlineData("TELEMETRYFLOW_BATCH_TIMEOUT", "0ms", "Batch scheduled delay (TELEMETRYFLOW_BATCH_TIMEOUT, WithBatchSettings) is 0 s")]
    [InlineData("TELEMETRYFLOW_MAX_RETRIES", "0", "Retry max attempts (TELEMETRYFLOW_MAX_RETRIES, WithRetry) is 0; it must be between 1 and 100.")]
    [InlineData("TELEMETRYFLOW_BATCH_MAX_SIZE", "0", "Batch max export size (TELEMETRYFLOW_BATCH_MAX_SIZE, WithBatchSettings) is 0")]
    [InlineData("TELEMETRYFLOW_RATE_LIMIT", "-1", "Rate limit (TELEMETRYFLOW_RATE_LIMIT, WithRateLimit) is -1")]
    [InlineData("TELEMETRYFLOW_MAX_REQUEST_SIZE", "1000", "Max request size (TELEMETRYFLOW_MAX_REQUEST_SIZE, WithMaxRequestSize) is 1000 bytes")]
    [InlineData("TELEMETRYFLOW_COLLECTOR_NAME", "a,b", "Collector name (TELEMETRYFLOW_COLLECTOR_NAME) may contain only printable ASCII characters without commas")]
    [InlineData("TELEMETRYFLOW_API_KEY_ID", "key_1", "The API key id (ApiKeyId, TELEMETRYFLOW_API_KEY_ID) 'key_1' must start with 'tfk_'.")]
    [InlineData("TELEMETRYFLOW_API_KEY_SECRET", "tfs_", "The API key secret (ApiKeySecret, TELEMETRYFLOW_API_KEY_SECRET) must have at least one character after 'tfs_'.")]
    [InlineData("TELEMETRYFLOW_TRACES_ENDPOINT", "http://traces.example/v1/traces", "Traces endpoint (TELEMETRYFLOW_TRACES_ENDPOINT) 'http://traces.example' is plaintext http to a non-loopback host")]
    public void AutoConfiguration_MalformedValue_GivesOneErrorNamingTheVariableAndAcceptedForms(string variable, string value, string expected)
    {
        var builder = BuilderFrom($"{variable}={value}");

        var error = TestConfigs.BuildFails(builder);

        var message = Assert.Single(error.Errors);
        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.Contains(variable, message, StringComparison.Ordinal);
        Assert.False(builder.TryBuild(out _, out var errors));
        Assert.Equal(error.Errors, errors);
    }

    [Fact]
    public void AutoConfiguration_SeveralMalformedValues_ReportsEveryOne()
    {
        var error = TestConfigs.BuildFails(BuilderFrom("TELEMETRYFLOW_TIMEOUT=abc;TELEMETRYFLOW_INSECURE=yes;TELEMETRYFLOW_PROTOCOL=udp;TELEMETRYFLOW_MAX_RETRIES=three;OTEL_RESOURCE_ATTRIBUTES=novalue"));

        Assert.Equal(5, error.Errors.Count);
        foreach (var variable in new[] { "TELEMETRYFLOW_TIMEOUT", "TELEMETRYFLOW_INSECURE", "TELEMETRYFLOW_PROTOCOL", "TELEMETRYFLOW_MAX_RETRIES", "OTEL_RESOURCE_ATTRIBUTES" })
        {
            Assert.Single(error.Errors, e => e.StartsWith(variable, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AutoConfiguration_MalformedTelemetryFlowProtocol_DoesNotFallBackToOtelProtocol()
    {
        var error = TestConfigs.BuildFails(BuilderFrom("TELEMETRYFLOW_PROTOCOL=udp;OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"));

        Assert.StartsWith("TELEMETRYFLOW_PROTOCOL='udp'", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AutoConfiguration_EmptyOrBlankValue_IsTreatedAsUnset(string value)
    {
        var variables = DocumentedVariables().ToDictionary(n => n, _ => value, StringComparer.Ordinal);

        var config = TestConfigs.ValidBuilder().WithAutoConfiguration(variables.GetValueOrDefault).Build();

        Assert.Equal(TestConfigs.Describe(TestConfigs.ValidBuilder().Build()), TestConfigs.Describe(config));
    }

    [Fact]
    public void AutoConfiguration_NoVariablesSet_GivesTheDefaults()
    {
        var config = TestConfigs.ValidBuilder().WithAutoConfiguration(_ => null).Build();

        Assert.Equal(TestConfigs.Describe(TestConfigs.ValidBuilder().Build()), TestConfigs.Describe(config));
    }

    [Fact]
    public void AutoConfiguration_ApiKeyAndServiceOnlyFromVariables_Builds()
    {
        var variables = TestConfigs.Variables("TELEMETRYFLOW_API_KEY_ID=tfk_env;TELEMETRYFLOW_API_KEY_SECRET=tfs_env;OTEL_SERVICE_NAME=env-svc");

        var config = new TelemetryFlowBuilder().WithAutoConfiguration(variables.GetValueOrDefault).Build();

        Assert.Equal("tfk_env", config.Credentials!.KeyId);
        Assert.Equal("env-svc", config.ServiceName);
    }

    [Fact]
    public void AutoConfiguration_VariableNames_AreCaseSensitiveLikeLinux()
    {
        var variables = TestConfigs.Variables("telemetryflow_service_name=lower");

        var config = TestConfigs.ValidBuilder().WithAutoConfiguration(variables.GetValueOrDefault).Build();

        Assert.Equal(TestConfigs.ServiceName, config.ServiceName);
    }

    /// <summary>Every public constant of <see cref="TelemetryFlowEnvironmentVariables"/>, the environment fallbacks, and every variable of the catalogue.</summary>
    private static IEnumerable<string> DocumentedVariables() =>
        typeof(TelemetryFlowEnvironmentVariables)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat(HostEnvironmentLayer.GenericVariables).Concat(HostEnvironmentLayer.HostVariables)
            .Concat(SettingCatalog.All.SelectMany(s => s.Variables.Concat(s.AlsoReadFrom)))
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// A builder that reads only the given variables. The API key and service name come from a layer below the
    /// environment (as appsettings would), so every variable, fallbacks included, can override them.
    /// </summary>
    private static TelemetryFlowBuilder BuilderFrom(string variables)
    {
        var source = TestConfigs.Variables(variables);
        return new TelemetryFlowBuilder()
            .WithLowerPrecedenceSettings(new TelemetrySettings(SettingSource.AppSettings)
                .Set(SettingCatalog.ApiKeyId, "tfk_base").Set(SettingCatalog.ApiKeySecret, "tfs_base").Set(SettingCatalog.ServiceName, "base-service"))
            .WithAutoConfiguration(source.GetValueOrDefault);
    }

    private static TelemetryConfig BuildFrom(string variables)
    {
        var builder = BuilderFrom(variables);
        Assert.True(builder.TryBuild(out var config, out var errors), string.Join(Environment.NewLine, errors));
        return config;
    }
}
