using static System.FormattableString;
using static TelemetryFlow.Application.Configuration.SettingParsers;
using Env = TelemetryFlow.TelemetryFlowEnvironmentVariables;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Every setting, declared once: its name (also its appsettings key), environment variable and fallbacks, builder
/// method, default, parser, range and one line of documentation. The environment and appsettings readers, the
/// validator's range checks, the builder's layers, the CLI and the README's configuration table are derived from it.
/// </summary>
/// <remarks>
/// To add a setting: declare it here and add it to <see cref="All"/>, add the builder method that sets it in code
/// (<c>TelemetryFlowBuilder</c>, which also copies it into <see cref="TelemetryConfig"/>), and the property on
/// <see cref="TelemetryConfig"/>. Then regenerate the README table (the test that compares them prints it).
/// </remarks>
internal static class SettingCatalog
{
    private const double MaxTracesPerSecond = 1_000_000;

    private const string TimeoutRange = "it must be greater than 0 and at most 10 minutes.";

    public static readonly Setting<string?> ApiKeyId = new()
    {
        Name = "ApiKeyId", Label = "API key id", Variable = Env.ApiKeyId, Method = "WithApiKey", Parser = Text,
        DefaultText = "required", Summary = "API key id, `tfk_…`.",
    };

    public static readonly Setting<string?> ApiKeySecret = new()
    {
        Name = "ApiKeySecret", Label = "API key secret", Variable = Env.ApiKeySecret, Method = "WithApiKey", Parser = Text,
        DefaultText = "required", Summary = "API key secret, `tfs_…`; keep it out of committed files.",
    };

    public static readonly Setting<CredentialsMode> UseCredentials = new()
    {
        Name = "Credentials", Label = "Credentials", Variable = Env.Credentials, Method = "WithoutCredentials", Parser = CredentialsModeName,
        Default = CredentialsMode.Auto,
        DefaultText = "`auto`", Summary = "`none` sends no API key (a receiver that needs none); `auto` requires one unless every endpoint is loopback.",
    };

    public static readonly Setting<string?> Endpoint = new()
    {
        Name = "Endpoint", Label = "Endpoint", Variable = Env.Endpoint, Fallbacks = [Env.OtelEndpoint], Method = "WithEndpoint", Parser = Text,
        DefaultText = "`api.telemetryflow.id:4317` (gRPC), `:4318` (HTTP)",
        Summary = "`host:port` (TLS unless insecure) or an absolute http(s) URL.",
    };

    public static readonly Setting<Protocol> Protocol = new()
    {
        Name = "Protocol", Label = "Protocol", Variable = Env.Protocol, Fallbacks = [Env.OtelProtocol], Method = "WithProtocol",
        Parser = ProtocolName, Default = TelemetryConfig.DefaultProtocol,
        DefaultText = "`grpc`", Summary = "`grpc` or `http` (OTLP/HTTP protobuf); also `WithGrpc()`, `WithHttp()`.",
    };

    public static readonly Setting<bool> Insecure = new()
    {
        Name = "Insecure", Label = "Insecure", Variable = Env.Insecure, Method = "WithInsecure", Parser = Flag, Default = false,
        DefaultText = "`false`", Summary = "Allow plaintext export to a non-loopback host.",
    };

    public static readonly Setting<string?> ServiceName = new()
    {
        Name = "ServiceName", Label = "Service name", Variable = Env.ServiceName, Fallbacks = [Env.OtelServiceName],
        AlsoReadFrom = [Env.OtelResourceAttributes], Method = "WithService", Parser = Text,
        DefaultText = "required", Summary = "`service.name`.",
    };

    public static readonly Setting<string?> ServiceVersion = new()
    {
        Name = "ServiceVersion", Label = "Service version", Variable = Env.ServiceVersion, AlsoReadFrom = [Env.OtelResourceAttributes],
        Method = "WithService", Parser = Text, Default = ProcessDefaults.ServiceVersion,
        DefaultText = "the entry assembly's informational version", Summary = "`service.version`; none when the entry assembly declares none.",
    };

    public static readonly Setting<string?> ServiceNamespace = new()
    {
        Name = "ServiceNamespace", Label = "Service namespace", Variable = Env.ServiceNamespace, AlsoReadFrom = [Env.OtelResourceAttributes],
        Method = "WithServiceNamespace", Parser = Text,
        DefaultText = "unset", Summary = "`service.namespace`.",
    };

    public static readonly Setting<string?> ServiceInstanceId = new()
    {
        Name = "ServiceInstanceId", Label = "Service instance id", Variable = "TELEMETRYFLOW_SERVICE_INSTANCE_ID", AlsoReadFrom = [Env.OtelResourceAttributes],
        Method = "WithServiceInstanceId", Parser = Text, Default = ProcessDefaults.ServiceInstanceId,
        DefaultText = "a random UUID per process", Summary = "`service.instance.id`: tells apart the instances of one service.",
    };

    public static readonly Setting<string?> Environment = new()
    {
        Name = "Environment", Label = "Environment", Variable = Env.Environment,
        AlsoReadFrom = [Env.OtelResourceAttributes], Method = "WithEnvironment", Parser = Text, Default = TelemetryConfig.DefaultEnvironment,
        DefaultText = $"below appsettings: {HostEnvironmentLayer.Describe()}; else `{TelemetryConfig.DefaultEnvironment}`",
        Summary = "Deployment environment; also sent as a header.",
    };

    public static readonly Setting<bool> EnableTraces = new()
    {
        Name = "EnableTraces", Label = "Traces", Variable = Env.EnableTraces, Method = "WithSignals", Parser = Flag, Default = true,
        DefaultText = "`true`", Summary = "Export traces; also `WithTracesOnly()`.",
    };

    public static readonly Setting<bool> EnableMetrics = new()
    {
        Name = "EnableMetrics", Label = "Metrics", Variable = Env.EnableMetrics, Method = "WithSignals", Parser = Flag, Default = true,
        DefaultText = "`true`", Summary = "Export metrics; also `WithMetricsOnly()`.",
    };

    public static readonly Setting<bool> EnableLogs = new()
    {
        Name = "EnableLogs", Label = "Logs", Variable = Env.EnableLogs, Method = "WithSignals", Parser = Flag, Default = true,
        DefaultText = "`true`", Summary = "Export logs; also `WithLogsOnly()`.",
    };

    public static readonly Setting<bool> EnableExemplars = new()
    {
        Name = "EnableExemplars", Label = "Exemplars", Variable = Env.EnableExemplars, Method = "WithExemplars", Parser = Flag,
        Default = TelemetryConfig.DefaultExemplarsEnabled, DefaultText = "`true`", Summary = "Record trace-based metric exemplars.",
    };

    public static readonly Setting<bool> EnableSdkMetrics = new()
    {
        Name = "EnableSdkMetrics", Label = "SDK metrics", Variable = "TELEMETRYFLOW_ENABLE_SDK_METRICS", Method = "WithSdkMetrics", Parser = Flag,
        Default = TelemetryConfig.DefaultSdkMetricsEnabled, DefaultText = "`true`",
        Summary = "Export the SDK's own metrics (`otel.sdk.*`, `telemetryflow.sdk.*`: exported, dropped by reason, retries, queue, disk buffer, breaker) with the app's.",
    };

    public static readonly Setting<bool> RuntimeMetrics = PlatformMeterGroup(
        "RuntimeMetrics", "Runtime metrics", "TELEMETRYFLOW_RUNTIME_METRICS", "The runtime's `System.Runtime` meter: GC, heap, JIT, thread pool, exceptions.");

    public static readonly Setting<bool> ProcessMetrics = PlatformMeterGroup(
        "ProcessMetrics", "Process metrics", "TELEMETRYFLOW_PROCESS_METRICS", "Process CPU and memory (`dotnet.process.*` of `System.Runtime`).");

    public static readonly Setting<bool> HttpClientMetrics = PlatformMeterGroup(
        "HttpClientMetrics", "HttpClient metrics", "TELEMETRYFLOW_HTTP_CLIENT_METRICS", "`System.Net.Http` and `System.Net.NameResolution` meters.");

    public static readonly Setting<bool> AspNetCoreMetrics = PlatformMeterGroup(
        "AspNetCoreMetrics", "ASP.NET Core metrics", "TELEMETRYFLOW_ASPNETCORE_METRICS", "ASP.NET Core's meters: hosting (`http.server.request.duration`), routing, diagnostics and more.");

    public static readonly Setting<bool> KestrelMetrics = PlatformMeterGroup(
        "KestrelMetrics", "Kestrel metrics", "TELEMETRYFLOW_KESTREL_METRICS", "Kestrel's connection and TLS meter.");

    public static readonly Setting<TimeSpan> Timeout = new()
    {
        Name = "Timeout", Label = "Timeout", Variable = Env.Timeout, Method = "WithTimeout", Parser = Seconds,
        Default = TelemetryConfig.DefaultExportTimeout, Range = t => IsTimeout(t) ? null : $"is {Show(t)}; {TimeoutRange}",
        DefaultText = "30 s", Summary = "Timeout of one export request; a plain number is seconds.",
    };

    public static readonly Setting<ExportCompression> Compression = new()
    {
        Name = "Compression", Label = "Compression", Variable = Env.Compression, Method = "WithCompression", Parser = CompressionName,
        Default = TelemetryConfig.DefaultCompression,
        DefaultText = "`none`", Summary = "`gzip`, `none` or a boolean; the TelemetryFlow collector takes gzip over gRPC only.",
    };

    public static readonly Setting<bool> RetryEnabled = new()
    {
        Name = "RetryEnabled", Label = "Retry", Variable = Env.RetryEnabled, Method = "WithRetry", Parser = Flag, Default = RetrySettings.DefaultEnabled,
        DefaultText = "`true`", Summary = "Retry transient export failures.",
    };

    public static readonly Setting<int> MaxRetries = new()
    {
        Name = "MaxRetries", Label = "Retry max attempts", Variable = Env.MaxRetries, Method = "WithRetry", Parser = Integer,
        Default = RetrySettings.DefaultMaxAttempts,
        Range = n => n is >= 1 and <= RetrySettings.MaxMaxAttempts ? null : Invariant($"is {n}; it must be between 1 and {RetrySettings.MaxMaxAttempts}."),
        DefaultText = "3", Summary = "Attempts per export, the first included.",
    };

    public static readonly Setting<TimeSpan> RetryBackoff = new()
    {
        Name = "RetryBackoff", Label = "Retry initial backoff", Variable = Env.RetryBackoff, Method = "WithRetry", Parser = Milliseconds,
        Default = RetrySettings.DefaultInitialBackoff, Range = t => IsTimeout(t) ? null : $"is {Show(t)}; {TimeoutRange}",
        DefaultText = "1 s", Summary = "Delay before the first retry; a plain number is milliseconds.",
    };

    public static readonly Setting<TimeSpan> RetryMaxBackoff = new()
    {
        Name = "RetryMaxBackoff", Label = "Retry max backoff", Variable = Env.RetryMaxBackoff, Method = "WithRetry", Parser = Milliseconds,
        Default = RetrySettings.DefaultMaxBackoff,
        DefaultText = "30 s", Summary = "Cap on the delay between retries (at least the initial backoff); a plain number is milliseconds.",
    };

    public static readonly Setting<TimeSpan> BatchTimeout = new()
    {
        Name = "BatchTimeout", Label = "Batch scheduled delay", Variable = Env.BatchTimeout, Method = "WithBatchSettings", Parser = Milliseconds,
        Default = BatchSettings.DefaultScheduledDelay, Range = t => IsTimeout(t) ? null : $"is {Show(t)}; {TimeoutRange}",
        DefaultText = "10 s", Summary = "Delay between batch exports; a plain number is milliseconds.",
    };

    public static readonly Setting<int> BatchMaxSize = new()
    {
        Name = "BatchMaxSize", Label = "Batch max export size", Variable = Env.BatchMaxSize, Method = "WithBatchSettings", Parser = Integer,
        Default = BatchSettings.DefaultMaxExportBatchSize,
        DefaultText = "8192", Summary = "Items per export request, at most the queue size.",
    };

    public static readonly Setting<int> BatchMaxQueueSize = new()
    {
        Name = "BatchMaxQueueSize", Label = "Batch max queue size", Variable = Env.BatchMaxQueueSize, Method = "WithBatchSettings", Parser = Integer,
        Default = BatchSettings.DefaultMaxQueueSize, Range = n => n >= 1 ? null : Invariant($"is {n}; it must be at least 1."),
        DefaultText = "32768", Summary = "Items waiting in memory per signal; beyond it new items are dropped and counted.",
    };

    public static readonly Setting<int> RateLimit = new()
    {
        Name = "RateLimit", Label = "Rate limit", Variable = Env.RateLimit, Method = "WithRateLimit", Parser = Integer, Default = TelemetryConfig.DefaultRateLimit,
        Range = n => n >= 0 ? null : Invariant($"is {n}; it must be 0 (unlimited) or a positive number of events per minute."),
        DefaultText = "0 (unlimited)", Summary = "Events per minute the client records.",
    };

    public static readonly Setting<int> MaxRequestSize = new()
    {
        Name = "MaxRequestSize", Label = "Max request size", Variable = Env.MaxRequestSize, Method = "WithMaxRequestSize", Parser = Integer,
        Default = TelemetryConfig.DefaultMaxRequestSizeBytes,
        Range = n => n is >= TelemetryConfig.MinMaxRequestSizeBytes and <= TelemetryConfig.MaxMaxRequestSizeBytes ? null
            : Invariant($"is {n} bytes; it must be between {TelemetryConfig.MinMaxRequestSizeBytes} (64 KiB) and {TelemetryConfig.MaxMaxRequestSizeBytes} (64 MiB)."),
        DefaultText = "4 MiB", Summary = "Cap on one export request in bytes (serialized, uncompressed); larger batches are split.",
    };

    public static readonly Setting<int> RequestBudget = new()
    {
        Name = "RequestBudget", Label = "Request budget", Variable = Env.RequestBudget, Method = "WithRequestBudget", Parser = Integer,
        Default = TelemetryConfig.DefaultRequestBudget,
        Range = n => n is >= 0 and <= TelemetryConfig.MaxRequestBudget ? null
            : Invariant($"is {n}; it must be 0 (follow the backend's X-RateLimit figures) or a number of requests per minute up to {TelemetryConfig.MaxRequestBudget}."),
        DefaultText = "0 (follow the backend's `X-RateLimit-*`)", Summary = "Export requests per minute, all signals together.",
    };

    public static readonly Setting<int> MetricCardinalityLimit = new()
    {
        Name = "MetricCardinalityLimit", Label = "Metric cardinality", Variable = Env.MetricCardinalityLimit, Method = "WithLimits", Parser = Integer,
        Default = TelemetryLimits.DefaultMetricCardinality, Range = AtLeast(TelemetryLimits.MinMetricCardinality),
        DefaultText = "2000", Summary = "Attribute sets per metric (memory per metric: `docs/deployment.md`).",
    };

    public static readonly Setting<int> MaxMetricStreams = new()
    {
        Name = "MaxMetricStreams", Label = "Max metric streams", Variable = Env.MetricMaxStreams, Method = "WithLimits", Parser = Integer,
        Default = TelemetryLimits.DefaultMaxMetricStreams, Range = AtLeast(TelemetryLimits.MinMaxMetricStreams),
        DefaultText = "1000", Summary = "Metric streams, about one per metric name; beyond it measurements are dropped and counted.",
    };

    public static readonly Setting<int> AttributeValueLength = new()
    {
        Name = "AttributeValueLength", Label = "Attribute value length", InAppSettings = false, Method = "WithLimits", Parser = Integer,
        Default = TelemetryLimits.DefaultAttributeValueLength, Range = AtLeast(TelemetryLimits.MinAttributeValueLength),
        DefaultText = "4096", Summary = "Longest string attribute; longer values are truncated and counted.",
    };

    public static readonly Setting<int> AttributeCount = new()
    {
        Name = "AttributeCount", Label = "Attribute count", InAppSettings = false, Method = "WithLimits", Parser = Integer,
        Default = TelemetryLimits.DefaultAttributeCount, Range = AtLeast(TelemetryLimits.MinAttributeCount),
        DefaultText = "128", Summary = "Attributes per span, event or log record.",
    };

    public static readonly Setting<int> LogBodyLength = new()
    {
        Name = "LogBodyLength", Label = "Log body length", InAppSettings = false, Method = "WithLimits", Parser = Integer,
        Default = TelemetryLimits.DefaultLogBodyLength, Range = AtLeast(TelemetryLimits.MinLogBodyLength),
        DefaultText = "32768", Summary = "Longest log body; longer bodies are truncated and counted.",
    };

    public static readonly Setting<int> AttributeKeyLength = new()
    {
        Name = "AttributeKeyLength", Label = "Attribute key length", InAppSettings = false, Method = "WithLimits", Parser = Integer,
        Default = TelemetryLimits.DefaultAttributeKeyLength, Range = AtLeast(TelemetryLimits.MinAttributeKeyLength),
        DefaultText = "256", Summary = "Longest attribute key; attributes with longer keys are dropped and counted.",
    };

    public static readonly Setting<string?> CollectorId = new()
    {
        Name = "CollectorId", Label = "Collector id", Variable = Env.CollectorId, Method = "WithCollectorId", Parser = Text,
        DefaultText = "unset", Summary = "Sent as `telemetryflow.collector.id` and a header.",
    };

    public static readonly Setting<string?> CollectorName = new()
    {
        Name = "CollectorName", Label = "Collector name", Variable = Env.CollectorName, Method = "WithCollectorName", Parser = Text,
        DefaultText = "unset", Summary = "Sent as `telemetryflow.collector.name` and a header.",
    };

    public static readonly Setting<string?> CollectorHostname = new()
    {
        Name = "CollectorHostname", Label = "Collector hostname", Variable = Env.CollectorHostname, Method = "WithCollectorHostname", Parser = Text,
        DefaultText = "unset", Summary = "Sent as `telemetryflow.collector.hostname` and a header.",
    };

    public static readonly Setting<string?> Datacenter = new()
    {
        Name = "Datacenter", Label = "Datacenter", Variable = Env.Datacenter, Method = "WithDatacenter", Parser = Text,
        DefaultText = "unset", Summary = "Sent as `telemetryflow.datacenter` and a header.",
    };

    public static readonly Setting<bool> UseV2Api = new()
    {
        Name = "UseV2Api", Label = "V2 API", Variable = Env.UseV2Api, Method = "WithV2Api", Parser = Flag, Default = false,
        DefaultText = "`false` (v1)", Summary = "Use the v2 ingestion API: `/v2/…` paths and the API version header.",
    };

    public static readonly Setting<bool> V2Only = new()
    {
        Name = "V2Only", Label = "V2 only mode", Variable = Env.V2Only, Method = "WithV2Only", Parser = Flag, Default = false,
        DefaultText = "`false`", Summary = "Use only the v2 API; refuse per-signal endpoints on a `/v1/` path.",
    };

    public static readonly Setting<string?> TracesEndpoint = new()
    {
        Name = "TracesEndpoint", Label = "Traces endpoint", Variable = Env.TracesEndpoint, Method = "WithTracesEndpoint", Parser = Text,
        DefaultText = "derived", Summary = "Traces URL override; with HTTP the full URL.",
    };

    public static readonly Setting<string?> MetricsEndpoint = new()
    {
        Name = "MetricsEndpoint", Label = "Metrics endpoint", Variable = Env.MetricsEndpoint, Method = "WithMetricsEndpoint", Parser = Text,
        DefaultText = "derived", Summary = "Metrics URL override; with HTTP the full URL.",
    };

    public static readonly Setting<string?> LogsEndpoint = new()
    {
        Name = "LogsEndpoint", Label = "Logs endpoint", Variable = Env.LogsEndpoint, Method = "WithLogsEndpoint", Parser = Text,
        DefaultText = "derived", Summary = "Logs URL override; with HTTP the full URL.",
    };

    public static readonly Setting<string?> TraceSources = new()
    {
        Name = "TraceSources", Label = "Trace sources", Method = "WithTraceSources", Parser = Text, Shape = SettingShape.List,
        DefaultText = "none (the SDK's own)", Summary = "The application's `ActivitySource` names (`MyApp.*` allowed); an array or comma-separated.",
    };

    public static readonly Setting<string?> Meters = new()
    {
        Name = "Meters", Label = "Meters", Method = "WithMeters", Parser = Text, Shape = SettingShape.List,
        DefaultText = "none (the SDK's own)", Summary = "The application's `Meter` names (`MyApp.*` allowed); an array or comma-separated.",
    };

    public static readonly Setting<bool> TraceEntityFrameworkCore = new()
    {
        Name = "TraceEntityFrameworkCore", Label = "Trace EF Core", Variable = "TELEMETRYFLOW_TRACE_ENTITYFRAMEWORKCORE", Method = "WithLibraryTracing",
        Parser = Flag, Default = true, DefaultText = "`true`", Summary = "A span per EF Core command, when the app uses EF Core.",
    };

    public static readonly Setting<bool> TraceSqlClient = new()
    {
        Name = "TraceSqlClient", Label = "Trace SqlClient", Variable = "TELEMETRYFLOW_TRACE_SQLCLIENT", Method = "WithLibraryTracing",
        Parser = Flag, Default = true, DefaultText = "`true`", Summary = "A span per Microsoft.Data.SqlClient command, when the app uses it.",
    };

    public static readonly Setting<bool> TraceGrpcClient = new()
    {
        Name = "TraceGrpcClient", Label = "Trace gRPC client", Variable = "TELEMETRYFLOW_TRACE_GRPCCLIENT", Method = "WithLibraryTracing",
        Parser = Flag, Default = true, DefaultText = "`true`", Summary = "A span per Grpc.Net.Client call, when the app uses it.",
    };

    public static readonly Setting<string?> CustomAttributes = new()
    {
        Name = "CustomAttributes", Label = "Custom attributes", AlsoReadFrom = [Env.OtelResourceAttributes], Method = "WithCustomAttribute",
        Parser = Text, Shape = SettingShape.Map,
        DefaultText = "none", Summary = "Extra resource attributes; a section of key/value pairs (`k=v,k2=v2` in the variable).",
    };

    public static readonly Setting<string?> CustomHeaders = new()
    {
        Name = "Headers", Label = "Headers", AlsoReadFrom = [Env.OtelHeaders, Env.OtelTracesHeaders, Env.OtelMetricsHeaders, Env.OtelLogsHeaders],
        Method = "WithHeader", Parser = Text, Shape = SettingShape.Map,
        DefaultText = "none", Summary = "Extra export headers; a section of name/value pairs (`name=value,…`, percent-encoded, in the variables). Values are never shown.",
    };

    public static readonly Setting<string?> StorageDirectory = new()
    {
        Name = "StorageDirectory", Label = "Storage directory", Variable = Env.StorageDirectory, Method = "WithPersistentStorage", Parser = Text,
        DefaultText = "off", Summary = "Absolute directory for disk buffering of undeliverable telemetry.",
    };

    public static readonly Setting<long> StorageMaxSize = new()
    {
        Name = "StorageMaxSize", Label = "Storage max size", InAppSettings = false, Method = "WithPersistentStorage", Parser = LongInteger,
        Default = PersistentStorageSettings.DefaultMaxSizeBytes,
        Range = n => n >= PersistentStorageSettings.MinMaxSizeBytes ? null : Invariant($"is {n} bytes; it must be at least 1 MiB ({PersistentStorageSettings.MinMaxSizeBytes})."),
        DefaultText = "100 MiB", Summary = "Cap on stored telemetry; beyond it new telemetry is dropped and counted.",
    };

    public static readonly Setting<bool> CircuitBreakerEnabled = new()
    {
        Name = "CircuitBreakerEnabled", Label = "Circuit breaker", InAppSettings = false, Method = "WithCircuitBreaker", Parser = Flag,
        Default = CircuitBreakerSettings.Default.Enabled, DefaultText = "`true`", Summary = "Leave a failing backend alone for a cool-down.",
    };

    public static readonly Setting<int> CircuitBreakerThreshold = new()
    {
        Name = "CircuitBreakerThreshold", Label = "Circuit breaker failure threshold", InAppSettings = false, Method = "WithCircuitBreaker", Parser = Integer,
        Default = CircuitBreakerSettings.DefaultFailureThreshold, Range = AtLeast(CircuitBreakerSettings.MinFailureThreshold),
        DefaultText = "5", Summary = "Consecutive failed exports that open the circuit.",
    };

    public static readonly Setting<TimeSpan> CircuitBreakerCoolDown = new()
    {
        Name = "CircuitBreakerCoolDown", Label = "Circuit breaker cool-down", InAppSettings = false, Method = "WithCircuitBreaker", Parser = Seconds,
        Default = CircuitBreakerSettings.DefaultCoolDown, Range = t => IsTimeout(t) ? null : $"is {Show(t)}; {TimeoutRange}",
        DefaultText = "1 s", Summary = "Time the circuit stays open before one probe.",
    };

    public static readonly Setting<double> SamplingRatio = new()
    {
        Name = "SamplingRatio", Label = "Sampling ratio", AlsoReadFrom = [Env.OtelTracesSampler, Env.OtelTracesSamplerArg], Method = "WithSampling",
        Parser = Ratio, Default = 1.0, Range = r => r is >= 0 and <= 1 ? null : Invariant($"is {r}; it must be from 0 to 1."),
        DefaultText = "1 (everything)", Summary = "Fraction of new traces sampled.",
    };

    public static readonly Setting<bool> ParentBasedSampling = new()
    {
        Name = "ParentBasedSampling", Label = "Parent-based sampling", InAppSettings = false, AlsoReadFrom = [Env.OtelTracesSampler],
        Method = "WithSampling", Parser = Flag, Default = true,
        DefaultText = "`true`", Summary = "Spans with a parent follow the parent's sampling decision.",
    };

    public static readonly Setting<double> TracesPerSecond = new()
    {
        Name = "TracesPerSecond", Label = "Traces per second", Variable = "TELEMETRYFLOW_TRACES_PER_SECOND", AlsoReadFrom = [Env.OtelTracesSampler, Env.OtelTracesSamplerArg],
        Method = "WithTracesPerSecond", Parser = Rate, Default = 0.0,
        Range = r => r is >= 0 and <= MaxTracesPerSecond ? null : Invariant($"is {r}; it must be 0 (no limit) or a number of traces per second up to {MaxTracesPerSecond}."),
        DefaultText = "0 (no limit)", Summary = "Most new traces sampled per second, after the ratio; sampled-out spans are not drops.",
    };

    public static readonly Setting<MetricTemporality> MetricsTemporality = new()
    {
        Name = "MetricsTemporality", Label = "Metrics temporality", Variable = "TELEMETRYFLOW_METRICS_TEMPORALITY", Fallbacks = [Env.OtelMetricsTemporality],
        Method = "WithMetricsTemporality", Parser = TemporalityName, Default = MetricTemporality.Cumulative,
        DefaultText = "`cumulative`", Summary = "`cumulative`, `delta` or `lowmemory` (deltas for synchronous counters and histograms).",
    };

    public static readonly Setting<HistogramAggregation> DefaultHistogram = new()
    {
        Name = "HistogramAggregation", Label = "Histogram aggregation", Variable = "TELEMETRYFLOW_METRICS_HISTOGRAM_AGGREGATION", Fallbacks = [Env.OtelMetricsHistogramAggregation],
        Method = "WithExponentialHistograms", Parser = HistogramAggregationName, Default = TelemetryFlow.HistogramAggregation.ExplicitBuckets,
        DefaultText = "`explicit_bucket_histogram`", Summary = "Default for histograms without a view: `explicit_bucket_histogram` or `base2_exponential_bucket_histogram`.",
    };

    public static readonly Setting<string?> MetricViews = new()
    {
        Name = "MetricViews", Label = "Metric views", Method = "WithMetricView", Parser = Text, Shape = SettingShape.Map,
        DefaultText = "none", Summary = "Per instrument (`*` suffix allowed): `Drop`, `Name`, `AttributeKeys`, `Buckets`, `Aggregation` (`docs/deployment.md`).",
    };

    public static readonly Setting<string?> Certificate = new()
    {
        Name = "Certificate", Label = "Certificate authority", Variable = "TELEMETRYFLOW_CERTIFICATE", Fallbacks = [Env.OtelCertificate],
        Method = "WithCertificateAuthority", Parser = Text,
        DefaultText = "system trust", Summary = "PEM file of the CA the endpoint's certificate must chain to (instead of the system's).",
    };

    public static readonly Setting<string?> ClientCertificate = new()
    {
        Name = "ClientCertificate", Label = "Client certificate", Variable = "TELEMETRYFLOW_CLIENT_CERTIFICATE", Fallbacks = [Env.OtelClientCertificate],
        Method = "WithClientCertificate", Parser = Text,
        DefaultText = "none", Summary = "PEM file of the client certificate for mutual TLS; needs `ClientKey`.",
    };

    public static readonly Setting<string?> ClientKey = new()
    {
        Name = "ClientKey", Label = "Client key", Variable = "TELEMETRYFLOW_CLIENT_KEY", Fallbacks = [Env.OtelClientKey],
        Method = "WithClientCertificate", Parser = Text,
        DefaultText = "none", Summary = "PEM file of the client certificate's private key (unencrypted PKCS#8, PKCS#1 or EC).",
    };

    public static readonly Setting<string?> BaggageKeys = new()
    {
        Name = "BaggageKeys", Label = "Baggage keys", Variable = "TELEMETRYFLOW_BAGGAGE_KEYS", Method = "WithBaggageAttributes", Parser = Text, Shape = SettingShape.List,
        DefaultText = "none (off)", Summary = "W3C baggage copied onto spans and logs: key prefixes, or `*` for every entry; an array or comma-separated.",
    };

    public static readonly Setting<bool> PiiRedaction = new()
    {
        Name = "PiiRedaction", Label = "PII redaction", Method = "WithPiiRedaction", Parser = Flag, Default = false,
        DefaultText = "`false`", Summary = "Redact emails, card numbers, SSNs and phone numbers in log bodies and string attributes.",
    };

    /// <summary>Every setting, in the README's order.</summary>
    public static readonly IReadOnlyList<Setting> All =
    [
        ApiKeyId, ApiKeySecret, UseCredentials, Endpoint, Protocol, Insecure, CustomHeaders, ServiceName, ServiceVersion, ServiceNamespace, ServiceInstanceId, Environment,
        EnableTraces, EnableMetrics, EnableLogs, EnableExemplars, EnableSdkMetrics,
        RuntimeMetrics, ProcessMetrics, HttpClientMetrics, AspNetCoreMetrics, KestrelMetrics, Timeout, Compression,
        RetryEnabled, MaxRetries, RetryBackoff, RetryMaxBackoff, BatchTimeout, BatchMaxSize, BatchMaxQueueSize,
        RateLimit, MaxRequestSize, RequestBudget, CollectorId, CollectorName, CollectorHostname, Datacenter,
        UseV2Api, V2Only, TracesEndpoint, MetricsEndpoint, LogsEndpoint, TraceSources, Meters,
        TraceEntityFrameworkCore, TraceSqlClient, TraceGrpcClient, CustomAttributes,
        StorageDirectory, StorageMaxSize, SamplingRatio, ParentBasedSampling, TracesPerSecond, PiiRedaction,
        MetricsTemporality, DefaultHistogram, MetricViews, Certificate, ClientCertificate, ClientKey, BaggageKeys,
        MetricCardinalityLimit, MaxMetricStreams, AttributeValueLength, AttributeCount, LogBodyLength, AttributeKeyLength,
        CircuitBreakerEnabled, CircuitBreakerThreshold, CircuitBreakerCoolDown,
    ];

    /// <summary>The settings the <c>TelemetryFlow</c> appsettings section may hold.</summary>
    public static IEnumerable<Setting> AppSettings => All.Where(s => s.InAppSettings);

    /// <summary>Settings sent as HTTP headers: printable ASCII without commas.</summary>
    public static readonly IReadOnlyList<Setting<string?>> Headers = [CollectorId, CollectorName, CollectorHostname, Datacenter, Environment];

    /// <summary>The setting an appsettings key names (keys are case-insensitive, as in <c>IConfiguration</c>).</summary>
    public static Setting? FindKey(string key) =>
        AppSettings.FirstOrDefault(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>One group of <see cref="PlatformMetrics"/>: a flag, on by default, set in code by <c>WithPlatformMetrics</c>.</summary>
    private static Setting<bool> PlatformMeterGroup(string name, string label, string variable, string summary) => new()
    {
        Name = name, Label = label, Variable = variable, Method = "WithPlatformMetrics", Parser = Flag, Default = true,
        DefaultText = "`true`", Summary = summary,
    };

    private static bool IsTimeout(TimeSpan value) => value > TimeSpan.Zero && value <= TelemetryConfig.MaxExportTimeout;

    private static Func<int, string?> AtLeast(int minimum) => n => n >= minimum ? null : Invariant($"is {n}; it must be at least {minimum}.");
}
