namespace TelemetryFlow;

/// <summary>
/// Names of environment variables read by <c>TelemetryFlowBuilder.WithAutoConfiguration()</c>. The
/// names match the TelemetryFlow Python and Go SDKs.
/// </summary>
/// <remarks>
/// <para>
/// The SDK's settings catalogue is the complete list, and the README's configuration table is generated from it;
/// settings added later (such as <c>TELEMETRYFLOW_SERVICE_INSTANCE_ID</c>) are listed there rather than here.
/// </para>
/// <para>
/// Durations accept <c>250ms</c>, <c>10s</c>, <c>2m</c> or <c>1h</c>. A plain number means seconds for
/// <see cref="Timeout"/> and milliseconds for <see cref="BatchTimeout"/> and <see cref="RetryBackoff"/>,
/// as the Python SDK reads them. Booleans accept <c>true</c>, <c>false</c>, <c>1</c> or <c>0</c> in any
/// case. A malformed value is an error naming the variable; it is never ignored.
/// </para>
/// </remarks>
public static class TelemetryFlowEnvironmentVariables
{
    /// <summary>API key id, <c>tfk_…</c>.</summary>
    public const string ApiKeyId = "TELEMETRYFLOW_API_KEY_ID";

    /// <summary>API key secret, <c>tfs_…</c>.</summary>
    public const string ApiKeySecret = "TELEMETRYFLOW_API_KEY_SECRET";

    /// <summary>Endpoint, <c>host:port</c> or URL. Falls back to <see cref="OtelEndpoint"/>.</summary>
    public const string Endpoint = "TELEMETRYFLOW_ENDPOINT";

    /// <summary>Service name. Falls back to <see cref="OtelServiceName"/>, then <c>service.name</c> in <see cref="OtelResourceAttributes"/>.</summary>
    public const string ServiceName = "TELEMETRYFLOW_SERVICE_NAME";

    /// <summary>Service version.</summary>
    public const string ServiceVersion = "TELEMETRYFLOW_SERVICE_VERSION";

    /// <summary>Service namespace.</summary>
    public const string ServiceNamespace = "TELEMETRYFLOW_SERVICE_NAMESPACE";

    /// <summary>
    /// Deployment environment; wins over appsettings. Below appsettings, <c>ENV</c>, <c>ENVIRONMENT</c> and the host's
    /// environment name (<c>DOTNET_ENVIRONMENT</c>, <c>ASPNETCORE_ENVIRONMENT</c>) are used, lowercased.
    /// </summary>
    public const string Environment = "TELEMETRYFLOW_ENVIRONMENT";

    /// <summary>Collector id.</summary>
    public const string CollectorId = "TELEMETRYFLOW_COLLECTOR_ID";

    /// <summary>Collector name.</summary>
    public const string CollectorName = "TELEMETRYFLOW_COLLECTOR_NAME";

    /// <summary>Collector host name.</summary>
    public const string CollectorHostname = "TELEMETRYFLOW_COLLECTOR_HOSTNAME";

    /// <summary>Datacenter.</summary>
    public const string Datacenter = "TELEMETRYFLOW_DATACENTER";

    /// <summary>Boolean: allow plaintext export to a non-loopback host.</summary>
    public const string Insecure = "TELEMETRYFLOW_INSECURE";

    /// <summary><c>grpc</c> or <c>http</c>. Falls back to <see cref="OtelProtocol"/>.</summary>
    public const string Protocol = "TELEMETRYFLOW_PROTOCOL";

    /// <summary><c>gzip</c>, <c>none</c>, or a boolean.</summary>
    public const string Compression = "TELEMETRYFLOW_COMPRESSION";

    /// <summary>Export timeout; a plain number is seconds.</summary>
    public const string Timeout = "TELEMETRYFLOW_TIMEOUT";

    /// <summary>Boolean: retry transient export failures.</summary>
    public const string RetryEnabled = "TELEMETRYFLOW_RETRY_ENABLED";

    /// <summary>Whole number: attempts per export, the first included.</summary>
    public const string MaxRetries = "TELEMETRYFLOW_MAX_RETRIES";

    /// <summary>Initial retry backoff; a plain number is milliseconds.</summary>
    public const string RetryBackoff = "TELEMETRYFLOW_RETRY_BACKOFF";

    /// <summary>Cap on the delay between retries; a plain number is milliseconds. A TelemetryFlow .NET addition.</summary>
    public const string RetryMaxBackoff = "TELEMETRYFLOW_RETRY_MAX_BACKOFF";

    /// <summary>Whole number: items waiting in memory per signal before new ones are dropped. A TelemetryFlow .NET addition.</summary>
    public const string BatchMaxQueueSize = "TELEMETRYFLOW_BATCH_MAX_QUEUE_SIZE";

    /// <summary>Delay between batch exports; a plain number is milliseconds.</summary>
    public const string BatchTimeout = "TELEMETRYFLOW_BATCH_TIMEOUT";

    /// <summary>Whole number: items per export batch.</summary>
    public const string BatchMaxSize = "TELEMETRYFLOW_BATCH_MAX_SIZE";

    /// <summary>Boolean: export traces.</summary>
    public const string EnableTraces = "TELEMETRYFLOW_ENABLE_TRACES";

    /// <summary>Boolean: export metrics.</summary>
    public const string EnableMetrics = "TELEMETRYFLOW_ENABLE_METRICS";

    /// <summary>Boolean: export logs.</summary>
    public const string EnableLogs = "TELEMETRYFLOW_ENABLE_LOGS";

    /// <summary>Boolean: record metric exemplars.</summary>
    public const string EnableExemplars = "TELEMETRYFLOW_ENABLE_EXEMPLARS";

    /// <summary>Whole number: events per minute, 0 for unlimited.</summary>
    public const string RateLimit = "TELEMETRYFLOW_RATE_LIMIT";

    /// <summary>Whole number of bytes: the cap on one export request (serialized protobuf, uncompressed).</summary>
    public const string MaxRequestSize = "TELEMETRYFLOW_MAX_REQUEST_SIZE";

    /// <summary>Whole number: export requests per minute, all signals together; 0 follows the backend's figures.</summary>
    public const string RequestBudget = "TELEMETRYFLOW_REQUEST_BUDGET";

    /// <summary>Whole number: maximum attribute sets per metric (default 2000); see <see cref="TelemetryLimits.MetricCardinality"/>.</summary>
    public const string MetricCardinalityLimit = "TELEMETRYFLOW_METRIC_CARDINALITY_LIMIT";

    /// <summary>Whole number: maximum metric streams, about one per metric name (default 1000); see <see cref="TelemetryLimits.MaxMetricStreams"/>.</summary>
    public const string MetricMaxStreams = "TELEMETRYFLOW_METRIC_MAX_STREAMS";

    /// <summary>Boolean: use the v2 ingestion API.</summary>
    public const string UseV2Api = "TELEMETRYFLOW_USE_V2_API";

    /// <summary>Boolean: use only the v2 ingestion API.</summary>
    public const string V2Only = "TELEMETRYFLOW_V2_ONLY";

    /// <summary>Traces endpoint override.</summary>
    public const string TracesEndpoint = "TELEMETRYFLOW_TRACES_ENDPOINT";

    /// <summary>Metrics endpoint override.</summary>
    public const string MetricsEndpoint = "TELEMETRYFLOW_METRICS_ENDPOINT";

    /// <summary>Logs endpoint override.</summary>
    public const string LogsEndpoint = "TELEMETRYFLOW_LOGS_ENDPOINT";

    /// <summary>Directory for disk buffering of undeliverable telemetry (opt-in); must be absolute.</summary>
    public const string StorageDirectory = "TELEMETRYFLOW_STORAGE_DIRECTORY";

    /// <summary>
    /// Standard OpenTelemetry sampler: <c>always_on</c>, <c>always_off</c>, <c>traceidratio</c>, <c>parentbased_always_on</c>,
    /// <c>parentbased_always_off</c>, <c>parentbased_traceidratio</c>; also <c>rate_limited</c> and <c>parentbased_rate_limited</c>
    /// (traces per second in <see cref="OtelTracesSamplerArg"/>).
    /// </summary>
    public const string OtelTracesSampler = "OTEL_TRACES_SAMPLER";

    /// <summary>Standard OpenTelemetry sampler argument: the ratio, 0 to 1, for the ratio samplers; traces per second for the rate-limited ones.</summary>
    public const string OtelTracesSamplerArg = "OTEL_TRACES_SAMPLER_ARG";

    /// <summary>Standard OpenTelemetry fallback for the service name.</summary>
    public const string OtelServiceName = "OTEL_SERVICE_NAME";

    /// <summary>Standard OpenTelemetry resource attributes, <c>key=value,key2=value2</c> (values percent-encoded).</summary>
    public const string OtelResourceAttributes = "OTEL_RESOURCE_ATTRIBUTES";

    /// <summary>Standard OpenTelemetry fallback for the endpoint.</summary>
    public const string OtelEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Standard OpenTelemetry fallback for the protocol: <c>grpc</c> or <c>http/protobuf</c>.</summary>
    public const string OtelProtocol = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>Standard OpenTelemetry fallback for the metrics temporality: <c>cumulative</c>, <c>delta</c> or <c>lowmemory</c>.</summary>
    public const string OtelMetricsTemporality = "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE";

    /// <summary>Standard OpenTelemetry fallback for the default histogram aggregation: <c>explicit_bucket_histogram</c> or <c>base2_exponential_bucket_histogram</c>.</summary>
    public const string OtelMetricsHistogramAggregation = "OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION";

    /// <summary>Standard OpenTelemetry fallback for the certificate authority PEM file that export trusts.</summary>
    public const string OtelCertificate = "OTEL_EXPORTER_OTLP_CERTIFICATE";

    /// <summary>Standard OpenTelemetry fallback for the client certificate PEM file (mutual TLS).</summary>
    public const string OtelClientCertificate = "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE";

    /// <summary>Standard OpenTelemetry fallback for the client private key PEM file (mutual TLS).</summary>
    public const string OtelClientKey = "OTEL_EXPORTER_OTLP_CLIENT_KEY";

    /// <summary>Credentials: <c>auto</c> (default) or <c>none</c>, which sends no API key.</summary>
    internal const string Credentials = "TELEMETRYFLOW_CREDENTIALS";

    /// <summary>Standard OpenTelemetry extra export headers, <c>name=value,name2=value2</c> (values percent-encoded).</summary>
    internal const string OtelHeaders = "OTEL_EXPORTER_OTLP_HEADERS";

    /// <summary>Extra headers of trace exports only.</summary>
    internal const string OtelTracesHeaders = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";

    /// <summary>Extra headers of metric exports only.</summary>
    internal const string OtelMetricsHeaders = "OTEL_EXPORTER_OTLP_METRICS_HEADERS";

    /// <summary>Extra headers of log exports only.</summary>
    internal const string OtelLogsHeaders = "OTEL_EXPORTER_OTLP_LOGS_HEADERS";
}
