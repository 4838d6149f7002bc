using System.Collections.ObjectModel;
using System.Reflection;
using TelemetryFlow.Implementation;

namespace TelemetryFlow;

/// <summary>
/// The complete, validated and immutable configuration of a TelemetryFlow client: the aggregate
/// root of the SDK's domain. Create it with <c>TelemetryFlowBuilder.Build()</c>, which validates
/// every setting and reports all problems at once.
/// </summary>
/// <remarks>
/// Each default is a named constant next to the setting it defaults. The builder's
/// <c>WithAutoConfiguration()</c> reads the <c>TELEMETRYFLOW_*</c> environment variables named in
/// each property's documentation.
/// </remarks>
public sealed class TelemetryConfig
{
    /// <summary>Default endpoint for <see cref="Protocol.Grpc"/>.</summary>
    public const string DefaultGrpcEndpoint = "api.telemetryflow.id:4317";

    /// <summary>Default endpoint for <see cref="Protocol.HttpProtobuf"/>.</summary>
    public const string DefaultHttpEndpoint = "api.telemetryflow.id:4318";

    /// <summary>Default transport.</summary>
    public const Protocol DefaultProtocol = Protocol.Grpc;

    /// <summary>Default deployment environment.</summary>
    public const string DefaultEnvironment = "production";

    /// <summary>Signals enabled by default.</summary>
    public const SignalType DefaultSignals = SignalType.All;

    /// <summary>Whether exemplars are recorded by default.</summary>
    public const bool DefaultExemplarsEnabled = true;

    /// <summary>Whether the SDK exports its own metrics by default.</summary>
    public const bool DefaultSdkMetricsEnabled = true;

    /// <summary>The platform's meters exported by default: every group.</summary>
    public const PlatformMetrics DefaultPlatformMetrics = PlatformMetrics.All;

    /// <summary>Default compression of export requests: none.</summary>
    /// <remarks>
    /// The TelemetryFlow collector's HTTP receiver ignores <c>Content-Encoding</c> and answers a gzip body with 400, and
    /// other receivers (the .NET Aspire dashboard) refuse it too; the OpenTelemetry specification, the stock .NET exporter
    /// and the TelemetryFlow Go SDK all default to no compression. Over gRPC the collector accepts gzip: turn it on with
    /// <c>WithCompression(true)</c> when bandwidth matters more than CPU.
    /// </remarks>
    public const ExportCompression DefaultCompression = ExportCompression.None;

    /// <summary>Default client-side rate limit in events per minute; 0 means unlimited.</summary>
    public const int DefaultRateLimit = 0;

    /// <summary>Default ingestion API version: v1.</summary>
    /// <remarks>
    /// The Go SDK defaults to v2; this SDK does not, on purpose. The version only changes the HTTP path
    /// (<c>/v1/traces</c> or <c>/v2/traces</c>; gRPC has one service either way). The TelemetryFlow collector serves
    /// both, v1 without a key check and v2 with one, while every other OTLP receiver (an OpenTelemetry Collector used as
    /// a gateway or agent, the .NET Aspire dashboard) serves only <c>/v1/</c>, so a v2 default would make
    /// <c>WithHttp()</c> to a gateway fail with 404. The key and secret headers are sent on both paths, and the backend
    /// checks them either way. Choose v2 with <c>WithV2Api()</c> to have the collector itself refuse a wrong key.
    /// </remarks>
    public const ApiVersion DefaultApiVersion = ApiVersion.V1;

    /// <summary>Default cap on one export request: 4 MiB of serialized protobuf, the TelemetryFlow collector's gRPC limit.</summary>
    public const int DefaultMaxRequestSizeBytes = 4 * 1024 * 1024;

    /// <summary>Smallest accepted request size cap (64 KiB).</summary>
    public const int MinMaxRequestSizeBytes = 64 * 1024;

    /// <summary>Largest accepted request size cap (64 MiB).</summary>
    public const int MaxMaxRequestSizeBytes = 64 * 1024 * 1024;

    /// <summary>Default request budget: 0, follow the backend's <c>X-RateLimit-*</c> figures only.</summary>
    public const int DefaultRequestBudget = 0;

    /// <summary>Largest accepted request budget, in requests per minute.</summary>
    internal const int MaxRequestBudget = 1_000_000;

    /// <summary>Default timeout of one export request.</summary>
    public static readonly TimeSpan DefaultExportTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted export timeout.</summary>
    public static readonly TimeSpan MaxExportTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The <c>telemetry.distro.name</c> resource attribute value.</summary>
    public const string DistroName = "telemetryflow-dotnet";

    /// <summary>Header naming the collector id.</summary>
    public const string CollectorIdHeaderName = "X-TelemetryFlow-Collector-ID";

    /// <summary>Header naming the collector name.</summary>
    public const string CollectorNameHeaderName = "X-TelemetryFlow-Collector-Name";

    /// <summary>Header naming the collector host.</summary>
    public const string CollectorHostnameHeaderName = "X-TelemetryFlow-Collector-Hostname";

    /// <summary>Header naming the deployment environment.</summary>
    public const string EnvironmentHeaderName = "X-TelemetryFlow-Environment";

    /// <summary>Header naming the datacenter.</summary>
    public const string DatacenterHeaderName = "X-TelemetryFlow-Datacenter";

    /// <summary>Header sent with value <c>v2</c> in v2 API mode.</summary>
    public const string ApiVersionHeaderName = "X-TelemetryFlow-API-Version";

    private IReadOnlyDictionary<string, object>? _resourceAttributes;
    private IReadOnlyDictionary<string, string>? _exportHeaders;

    internal TelemetryConfig()
    {
    }

    /// <summary>The version of this SDK, sent as <c>telemetry.distro.version</c>.</summary>
    public static string DistroVersion { get; } = ReadDistroVersion();

    /// <summary>
    /// The API key (<c>TELEMETRYFLOW_API_KEY_ID</c>, <c>TELEMETRYFLOW_API_KEY_SECRET</c>), or <see langword="null"/> when
    /// export carries none: credentials turned off (<c>WithoutCredentials()</c>, <c>TELEMETRYFLOW_CREDENTIALS=none</c>),
    /// or no key configured and every endpoint on loopback. Then no <c>X-TelemetryFlow-Key-*</c> header is sent.
    /// </summary>
    public Credentials? Credentials { get; internal init; }

    /// <summary>The endpoint as configured (<c>TELEMETRYFLOW_ENDPOINT</c>, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    public string Endpoint { get; internal init; } = DefaultGrpcEndpoint;

    /// <summary>The endpoint as an absolute URL: <c>https</c> unless plaintext was chosen.</summary>
    public Uri EndpointUri { get; internal init; } = null!;

    /// <summary>The transport (<c>TELEMETRYFLOW_PROTOCOL</c>: <c>grpc</c> | <c>http</c>).</summary>
    public Protocol Protocol { get; internal init; } = DefaultProtocol;

    /// <summary>Whether plaintext export to a non-loopback host was allowed explicitly (<c>TELEMETRYFLOW_INSECURE</c>).</summary>
    public bool Insecure { get; internal init; }

    /// <summary>Whether export uses TLS, derived from <see cref="EndpointUri"/>.</summary>
    public bool UsesTls => EndpointUri.Scheme == Uri.UriSchemeHttps;

    /// <summary>The logical service name, <c>service.name</c> (<c>TELEMETRYFLOW_SERVICE_NAME</c>, else <c>OTEL_SERVICE_NAME</c>). Required.</summary>
    public string ServiceName { get; internal init; } = string.Empty;

    /// <summary>
    /// The service version, <c>service.version</c> (<c>TELEMETRYFLOW_SERVICE_VERSION</c>); by default the entry assembly's
    /// informational version, and <see langword="null"/> (no attribute) when there is none.
    /// </summary>
    public string? ServiceVersion { get; internal init; }

    /// <summary>The service namespace, <c>service.namespace</c> (<c>TELEMETRYFLOW_SERVICE_NAMESPACE</c>), or <see langword="null"/> (no attribute, the default).</summary>
    public string? ServiceNamespace { get; internal init; }

    /// <summary>
    /// The service instance id, <c>service.instance.id</c> (<c>TELEMETRYFLOW_SERVICE_INSTANCE_ID</c>); by default a random
    /// UUID made once per process, so every client and signal of one process reports the same instance.
    /// </summary>
    public string ServiceInstanceId { get; internal init; } = string.Empty;

    /// <summary>
    /// The deployment environment: code, then <c>TELEMETRYFLOW_ENVIRONMENT</c>, then appsettings, then (lowercased) <c>ENV</c>,
    /// <c>ENVIRONMENT</c> and the host's environment name (<c>DOTNET_ENVIRONMENT</c>, <c>ASPNETCORE_ENVIRONMENT</c>), else <see cref="DefaultEnvironment"/>.
    /// </summary>
    public string Environment { get; internal init; } = DefaultEnvironment;

    /// <summary>The enabled signals (<c>TELEMETRYFLOW_ENABLE_TRACES</c>, <c>_METRICS</c>, <c>_LOGS</c>).</summary>
    public SignalType EnabledSignals { get; internal init; } = DefaultSignals;

    /// <summary>Whether metric exemplars are recorded (<c>TELEMETRYFLOW_ENABLE_EXEMPLARS</c>).</summary>
    public bool ExemplarsEnabled { get; internal init; } = DefaultExemplarsEnabled;

    /// <summary>Whether the SDK exports its own metrics, meter <c>TelemetryFlow.Sdk</c> (<c>TELEMETRYFLOW_ENABLE_SDK_METRICS</c>).</summary>
    public bool SdkMetricsEnabled { get; internal init; } = DefaultSdkMetricsEnabled;

    /// <summary>
    /// The groups of the platform's built-in meters exported (default <see cref="DefaultPlatformMetrics"/>, all of them):
    /// <c>TELEMETRYFLOW_RUNTIME_METRICS</c>, <c>_PROCESS_METRICS</c>, <c>_HTTP_CLIENT_METRICS</c>, <c>_ASPNETCORE_METRICS</c>,
    /// <c>_KESTREL_METRICS</c>.
    /// </summary>
    public PlatformMetrics PlatformMetrics { get; internal init; } = DefaultPlatformMetrics;

    /// <summary>Timeout of one export request (<c>TELEMETRYFLOW_TIMEOUT</c>).</summary>
    public TimeSpan ExportTimeout { get; internal init; } = DefaultExportTimeout;

    /// <summary>Compression of export requests (<c>TELEMETRYFLOW_COMPRESSION</c>).</summary>
    public ExportCompression Compression { get; internal init; } = DefaultCompression;

    /// <summary>
    /// Cap on the size of one export request, measured as the collector measures it: the serialized protobuf message,
    /// uncompressed (<c>TELEMETRYFLOW_MAX_REQUEST_SIZE</c>, bytes; default 4 MiB).
    /// </summary>
    /// <remarks>
    /// A batch over it is split at protobuf boundaries (resource, scope, item) into requests within it; an item too
    /// large to fit alone is dropped and counted as <c>item-too-large</c>. The TelemetryFlow collector refuses gRPC
    /// messages over 4 MiB with <c>RESOURCE_EXHAUSTED</c>, which is never retried.
    /// </remarks>
    public int MaxRequestSizeBytes { get; internal init; } = DefaultMaxRequestSizeBytes;

    /// <summary>
    /// Export requests per minute this client keeps to, for all signals together (<c>TELEMETRYFLOW_REQUEST_BUDGET</c>);
    /// 0 (default) follows only the backend's figures.
    /// </summary>
    /// <remarks>
    /// The TelemetryFlow backend limits requests per API key (100 a minute in production) and says so in
    /// <c>X-RateLimit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c>; the SDK learns those and holds a request until
    /// the budget allows it, and waits out a <c>Retry-After</c> even when it is longer than the export timeout. Set a
    /// budget when something in between (a proxy) hides the figures, or to leave room for other clients of the key.
    /// </remarks>
    public int RequestBudget { get; internal init; } = DefaultRequestBudget;

    /// <summary>Retry of failed exports (<c>TELEMETRYFLOW_RETRY_ENABLED</c>, <c>TELEMETRYFLOW_MAX_RETRIES</c>, <c>TELEMETRYFLOW_RETRY_BACKOFF</c>).</summary>
    public RetrySettings Retry { get; internal init; } = RetrySettings.Default;

    /// <summary>Batching before export (<c>TELEMETRYFLOW_BATCH_TIMEOUT</c>, <c>TELEMETRYFLOW_BATCH_MAX_SIZE</c>).</summary>
    public BatchSettings Batch { get; internal init; } = BatchSettings.Default;

    /// <summary>Circuit breaker around export; on by default (5 failures, 1 s cool-down, single-attempt probes).</summary>
    public CircuitBreakerSettings CircuitBreaker { get; internal init; } = CircuitBreakerSettings.Default;

    /// <summary>Disk buffering of undeliverable telemetry (<c>TELEMETRYFLOW_STORAGE_DIRECTORY</c>), or <see langword="null"/> when off (default).</summary>
    public PersistentStorageSettings? PersistentStorage { get; internal init; }

    /// <summary>Per-item limits: attribute length and count, log body length, metric cardinality.</summary>
    public TelemetryLimits Limits { get; internal init; } = TelemetryLimits.Default;

    /// <summary>PII redaction of log bodies and string attributes, or <see langword="null"/> when off (default).</summary>
    public PiiRedactionSettings? PiiRedaction { get; internal init; }

    /// <summary>
    /// The fraction of new traces sampled, 0 to 1 (<c>OTEL_TRACES_SAMPLER</c>, <c>OTEL_TRACES_SAMPLER_ARG</c>);
    /// default 1, everything. Child spans follow their parent's decision when <see cref="ParentBasedSampling"/> is set.
    /// </summary>
    public double SamplingRatio { get; internal init; } = 1.0;

    /// <summary>Whether spans with a parent follow the parent's sampling decision (default <see langword="true"/>).</summary>
    public bool ParentBasedSampling { get; internal init; } = true;

    /// <summary>
    /// The most new traces sampled per second, after <see cref="SamplingRatio"/>; 0 (default) for no limit
    /// (<c>TELEMETRYFLOW_TRACES_PER_SECOND</c>, or <c>OTEL_TRACES_SAMPLER=parentbased_rate_limited</c> with the rate in
    /// <c>OTEL_TRACES_SAMPLER_ARG</c>). Up to one second's worth may start at once.
    /// </summary>
    public double TracesPerSecond { get; internal init; }

    /// <summary>The aggregation temporality the metric exporter asks for (<c>TELEMETRYFLOW_METRICS_TEMPORALITY</c>, else <c>OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE</c>).</summary>
    public MetricTemporality MetricsTemporality { get; internal init; }

    /// <summary>How histograms without a view of their own are aggregated (<c>TELEMETRYFLOW_METRICS_HISTOGRAM_AGGREGATION</c>, else <c>OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION</c>).</summary>
    public HistogramAggregation HistogramAggregation { get; internal init; }

    /// <summary>The metric views, in the order they were added; the first that matches an instrument applies (appsettings section <c>MetricViews</c>).</summary>
    public IReadOnlyList<MetricView> MetricViews { get; internal init; } = [];

    /// <summary>
    /// A PEM file of the certificate authority the export endpoint's certificate must chain to, instead of the system's
    /// trust store (<c>TELEMETRYFLOW_CERTIFICATE</c>, else <c>OTEL_EXPORTER_OTLP_CERTIFICATE</c>), or <see langword="null"/>.
    /// </summary>
    public string? CertificateAuthorityPath { get; internal init; }

    /// <summary>A PEM file of the client certificate presented for mutual TLS (<c>TELEMETRYFLOW_CLIENT_CERTIFICATE</c>, else <c>OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE</c>), or <see langword="null"/>.</summary>
    public string? ClientCertificatePath { get; internal init; }

    /// <summary>A PEM file of the client certificate's private key (<c>TELEMETRYFLOW_CLIENT_KEY</c>, else <c>OTEL_EXPORTER_OTLP_CLIENT_KEY</c>), or <see langword="null"/>.</summary>
    public string? ClientKeyPath { get; internal init; }

    /// <summary>
    /// The W3C baggage entries copied onto spans and log records as attributes, by key prefix; <c>*</c> copies every entry,
    /// and empty (default) copies none (<c>TELEMETRYFLOW_BAGGAGE_KEYS</c>). Limits and PII redaction apply to them afterwards.
    /// </summary>
    public IReadOnlyList<string> BaggageKeys { get; internal init; } = [];

    /// <summary>Client-side limit in events per minute, 0 for unlimited (<c>TELEMETRYFLOW_RATE_LIMIT</c>).</summary>
    public int RateLimit { get; internal init; } = DefaultRateLimit;

    /// <summary>Collector id (<c>TELEMETRYFLOW_COLLECTOR_ID</c>), or <see langword="null"/>.</summary>
    public string? CollectorId { get; internal init; }

    /// <summary>Collector name (<c>TELEMETRYFLOW_COLLECTOR_NAME</c>), or <see langword="null"/>.</summary>
    public string? CollectorName { get; internal init; }

    /// <summary>Collector host name (<c>TELEMETRYFLOW_COLLECTOR_HOSTNAME</c>), or <see langword="null"/>.</summary>
    public string? CollectorHostname { get; internal init; }

    /// <summary>Datacenter (<c>TELEMETRYFLOW_DATACENTER</c>), or <see langword="null"/>.</summary>
    public string? Datacenter { get; internal init; }

    /// <summary>
    /// Extra headers sent with every export request (<c>WithHeader</c>, appsettings <c>Headers</c>,
    /// <c>OTEL_EXPORTER_OTLP_HEADERS</c>), for example the API key header of a receiver that is not TelemetryFlow.
    /// The values may be secrets: never log them.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; internal init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Extra headers of one signal (<c>OTEL_EXPORTER_OTLP_TRACES_HEADERS</c> and so on); they win over <see cref="Headers"/>.</summary>
    internal IReadOnlyDictionary<SignalType, IReadOnlyDictionary<string, string>> SignalHeaders { get; init; } =
        ReadOnlyDictionary<SignalType, IReadOnlyDictionary<string, string>>.Empty;

    /// <summary>Extra resource attributes (<c>OTEL_RESOURCE_ATTRIBUTES</c> is read too). The SDK's own keys win over these.</summary>
    public IReadOnlyDictionary<string, string> CustomAttributes { get; internal init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// The application's own <see cref="System.Diagnostics.ActivitySource"/> names exported with the SDK's
    /// spans (wildcards such as <c>MyApp.*</c> allowed); appsettings key <c>TraceSources</c>.
    /// </summary>
    public IReadOnlyList<string> TraceSources { get; internal init; } = [];

    /// <summary>
    /// The application's own <see cref="System.Diagnostics.Metrics.Meter"/> names exported with the SDK's
    /// metrics (wildcards allowed); appsettings key <c>Meters</c>.
    /// </summary>
    public IReadOnlyList<string> Meters { get; internal init; } = [];

    /// <summary>
    /// The client libraries traced without setup when the application uses them (all by default); appsettings keys
    /// <c>TraceEntityFrameworkCore</c>, <c>TraceSqlClient</c>, <c>TraceGrpcClient</c>.
    /// </summary>
    public TracedLibraries TracedLibraries { get; internal init; } = TracedLibraries.All;

    /// <summary>The ingestion API version (<c>TELEMETRYFLOW_USE_V2_API</c>).</summary>
    public ApiVersion ApiVersion { get; internal init; } = DefaultApiVersion;

    /// <summary>Whether only the v2 API may be used (<c>TELEMETRYFLOW_V2_ONLY</c>); implies <see cref="ApiVersion.V2"/>.</summary>
    public bool V2Only { get; internal init; }

    /// <summary>Override of the traces endpoint (<c>TELEMETRYFLOW_TRACES_ENDPOINT</c>); with HTTP, the full URL.</summary>
    public Uri? TracesEndpoint { get; internal init; }

    /// <summary>Override of the metrics endpoint (<c>TELEMETRYFLOW_METRICS_ENDPOINT</c>); with HTTP, the full URL.</summary>
    public Uri? MetricsEndpoint { get; internal init; }

    /// <summary>Override of the logs endpoint (<c>TELEMETRYFLOW_LOGS_ENDPOINT</c>); with HTTP, the full URL.</summary>
    public Uri? LogsEndpoint { get; internal init; }

    /// <summary>
    /// The configured OpenTelemetry resource attributes: <c>service.name</c>, <c>service.instance.id</c>,
    /// <c>service.version</c> and <c>service.namespace</c> when set, <c>deployment.environment</c> and <c>deployment.environment.name</c>,
    /// <c>telemetryflow.collector.id</c>/<c>.name</c>/<c>.hostname</c> and <c>telemetryflow.datacenter</c> when set,
    /// <c>telemetry.distro.name</c>/<c>.version</c>, and the custom attributes.
    /// </summary>
    /// <remarks>
    /// The exported resource also carries OpenTelemetry's <c>telemetry.sdk.*</c> and what the client detects about the
    /// process (<c>host.name</c>, <c>process.pid</c>, <c>process.runtime.*</c>, <c>os.type</c>, <c>container.id</c>,
    /// <c>k8s.*</c>); these attributes win over both, and <c>OTEL_RESOURCE_ATTRIBUTES</c> (in the custom attributes)
    /// over the detected ones.
    /// </remarks>
    public IReadOnlyDictionary<string, object> ResourceAttributes => _resourceAttributes ??= BuildResourceAttributes();

    /// <summary>
    /// The headers sent with every export request: the extra <see cref="Headers"/>, the credential headers (unless
    /// <see cref="Credentials"/> is <see langword="null"/>), the collector and environment headers when set, and
    /// <c>X-TelemetryFlow-API-Version: v2</c> in v2 mode. Values carry secrets: never log this dictionary.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExportHeaders => _exportHeaders ??= BuildExportHeaders();

    /// <summary>The headers sent with export requests of one signal: <see cref="ExportHeaders"/> and that signal's own extra headers.</summary>
    /// <param name="signal">Exactly one of <see cref="SignalType.Traces"/>, <see cref="SignalType.Metrics"/> or <see cref="SignalType.Logs"/>.</param>
    /// <returns>The headers; values carry secrets: never log them.</returns>
    public IReadOnlyDictionary<string, string> GetExportHeaders(SignalType signal)
    {
        if (!SignalHeaders.TryGetValue(signal, out var own) || own.Count == 0)
        {
            return ExportHeaders;
        }

        var headers = new Dictionary<string, string>(ExportHeaders, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in own)
        {
            headers[name] = value;
        }

        return headers;
    }

    /// <summary>
    /// The URL telemetry of one signal is sent to. For HTTP, the per-signal override, else the
    /// endpoint's path followed by <c>/v1/{signal}</c> (or <c>/v2/{signal}</c>). For gRPC, the
    /// per-signal override, else the endpoint.
    /// </summary>
    /// <param name="signal">Exactly one of <see cref="SignalType.Traces"/>, <see cref="SignalType.Metrics"/> or <see cref="SignalType.Logs"/>.</param>
    /// <returns>An absolute URL.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not a single signal.</exception>
    public Uri GetSignalEndpoint(SignalType signal)
    {
        var (overrideUri, segment) = signal switch
        {
            SignalType.Traces => (TracesEndpoint, "traces"),
            SignalType.Metrics => (MetricsEndpoint, "metrics"),
            SignalType.Logs => (LogsEndpoint, "logs"),
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Pass exactly one of Traces, Metrics or Logs."),
        };

        if (overrideUri is not null)
        {
            return overrideUri;
        }

        if (Protocol == Protocol.Grpc)
        {
            return EndpointUri;
        }

        var version = ApiVersion == ApiVersion.V2 ? "v2" : "v1";
        var basePath = EndpointUri.AbsolutePath.TrimEnd('/');
        return new UriBuilder(EndpointUri) { Path = $"{basePath}/{version}/{segment}" }.Uri;
    }

    /// <summary>Whether a signal is enabled.</summary>
    /// <param name="signal">The signal to test.</param>
    /// <returns><see langword="true"/> when every flag in <paramref name="signal"/> is enabled.</returns>
    public bool IsEnabled(SignalType signal) => signal != SignalType.None && (EnabledSignals & signal) == signal;

    /// <summary>A one-line summary that is safe to log: the secret is masked.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        $"TelemetryConfig {{ Service = {ServiceName}@{ServiceVersion ?? "(no version)"}, Environment = {Environment}, Endpoint = {EndpointUri}, "
        + $"Protocol = {Protocol}, Signals = {EnabledSignals}, Credentials = {Credentials?.ToString() ?? "none"} }}";

    private static string ReadDistroVersion()
    {
        var informational = typeof(TelemetryConfig).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return typeof(TelemetryConfig).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }

    private Dictionary<string, object> BuildResourceAttributes()
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in CustomAttributes)
        {
            attributes[key] = value;
        }

        attributes["service.name"] = ServiceName;
        AddIfSet(attributes, "service.version", ServiceVersion);
        AddIfSet(attributes, "service.namespace", ServiceNamespace);
        AddIfSet(attributes, "service.instance.id", ServiceInstanceId);
        attributes["deployment.environment"] = Environment;
        attributes["deployment.environment.name"] = Environment;
        AddIfSet(attributes, "telemetryflow.collector.id", CollectorId);
        AddIfSet(attributes, "telemetryflow.collector.name", CollectorName);
        AddIfSet(attributes, "telemetryflow.collector.hostname", CollectorHostname);
        AddIfSet(attributes, "telemetryflow.datacenter", Datacenter);
        attributes["telemetry.distro.name"] = DistroName;
        attributes["telemetry.distro.version"] = DistroVersion;
        return attributes;
    }

    private Dictionary<string, string> BuildExportHeaders()
    {
        // The extra headers first: the validator refuses the names the SDK sets, and the SDK's values win regardless.
        var headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Credentials?.GetAuthenticationHeaders() ?? ReadOnlyDictionary<string, string>.Empty)
        {
            headers[name] = value;
        }

        AddIfSet(headers, CollectorIdHeaderName, CollectorId);
        AddIfSet(headers, CollectorNameHeaderName, CollectorName);
        AddIfSet(headers, CollectorHostnameHeaderName, CollectorHostname);
        AddIfSet(headers, EnvironmentHeaderName, Environment);
        AddIfSet(headers, DatacenterHeaderName, Datacenter);
        if (ApiVersion == ApiVersion.V2)
        {
            headers[ApiVersionHeaderName] = "v2";
        }

        return headers;
    }

    private static void AddIfSet<T>(Dictionary<string, T> target, string key, string? value)
        where T : class
    {
        if (!string.IsNullOrEmpty(value))
        {
            target[key] = (T)(object)value;
        }
    }

    internal static bool IsLoopback(Uri uri) => OtlpEndpoint.IsLoopback(uri);
}
