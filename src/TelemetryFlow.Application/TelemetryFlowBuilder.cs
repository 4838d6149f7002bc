using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using TelemetryFlow.Application.Configuration;
using TelemetryFlow.Implementation;
using Settings = TelemetryFlow.Application.Configuration.SettingCatalog;

namespace TelemetryFlow;

/// <summary>
/// Builds an immutable, validated <see cref="TelemetryConfig"/> with a fluent API that mirrors the
/// TelemetryFlow Python and Go SDKs.
/// </summary>
/// <remarks>
/// <para>
/// Precedence: settings made in code win over environment variables (read only after
/// <see cref="WithAutoConfiguration()"/>), which win over the defaults. The order of the calls does
/// not matter.
/// </para>
/// <para>
/// Methods record values and never throw for a value that depends on the rest of the
/// configuration; <see cref="Build"/> validates everything and reports every problem in one
/// <see cref="ConfigurationException"/>. A method throws <see cref="BuilderException"/> only for an
/// argument no configuration could accept, such as an undefined enum value.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var config = new TelemetryFlowBuilder()
///     .WithApiKey("tfk_my_key", "tfs_my_secret")
///     .WithService("checkout", "2.1.0")
///     .WithAutoConfiguration()
///     .Build();
/// </code>
/// </example>
public sealed class TelemetryFlowBuilder
{
    private readonly TelemetrySettings _code = new(SettingSource.Code);
    private readonly List<TelemetrySettings> _lowerLayers = [];
    private readonly List<FormattableString> _sectionErrors = [];
    private Func<string, string?>? _readEnvironment;
    private string? _hostEnvironmentName;

    /// <summary>Sets the API key.</summary>
    /// <param name="keyId">The key id, <c>tfk_…</c>.</param>
    /// <param name="keySecret">The secret, <c>tfs_…</c>.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithApiKey(string keyId, string keySecret)
    {
        _code.Set(Settings.ApiKeyId, keyId ?? string.Empty);
        _code.Set(Settings.ApiKeySecret, keySecret ?? string.Empty);
        return this;
    }

    /// <summary>
    /// Sends no API key: for a receiver that needs none (an OpenTelemetry Collector, the .NET Aspire dashboard, a
    /// gateway that adds its own). No <c>X-TelemetryFlow-Key-*</c> or <c>Authorization</c> header is sent, and a key
    /// configured elsewhere is ignored. Without this, a key is required unless every endpoint is on loopback.
    /// </summary>
    /// <returns>This builder.</returns>
    /// <remarks>Also <c>TELEMETRYFLOW_CREDENTIALS=none</c>, or <c>"Credentials": "none"</c> in appsettings.</remarks>
    public TelemetryFlowBuilder WithoutCredentials()
    {
        _code.Set(Settings.UseCredentials, CredentialsMode.None);
        return this;
    }

    /// <summary>
    /// Adds a header to every export request, for example the API key header of a receiver that is not TelemetryFlow
    /// (<c>WithHeader("x-otlp-api-key", key)</c> for the .NET Aspire dashboard). The value is treated as a secret: no
    /// error, log or status shows it. Headers the SDK sets itself (<c>X-TelemetryFlow-*</c>, the transport's, and
    /// <c>Authorization</c> while credentials are on) are refused by <see cref="Build"/>.
    /// </summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The header value: printable ASCII.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Also appsettings <c>TelemetryFlow:Headers:{name}</c> and <c>OTEL_EXPORTER_OTLP_HEADERS</c>
    /// (<c>name=value,name2=value2</c>, values percent-encoded; <c>OTEL_EXPORTER_OTLP_TRACES_HEADERS</c> and so on for
    /// one signal). Per name, code wins over the variables, which win over appsettings.</remarks>
    public TelemetryFlowBuilder WithHeader(string name, string value)
    {
        _code.Headers[name ?? string.Empty] = new ExportHeader(value ?? string.Empty, nameof(WithHeader));
        return this;
    }

    /// <summary>Adds several export headers; see <see cref="WithHeader"/>.</summary>
    /// <param name="headers">Name/value pairs.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="BuilderException"><paramref name="headers"/> is <see langword="null"/>.</exception>
    public TelemetryFlowBuilder WithHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        if (headers is null)
        {
            throw new BuilderException($"{nameof(WithHeaders)} needs a collection of headers, not null.");
        }

        foreach (var (name, value) in headers)
        {
            WithHeader(name, value);
        }

        return this;
    }

    /// <summary>Sets the endpoint: <c>host:port</c> (TLS unless <see cref="WithInsecure"/>) or an absolute http(s) URL.</summary>
    /// <param name="endpoint">For example <c>api.telemetryflow.id:4317</c> or <c>http://localhost:4318</c>.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithEndpoint(string endpoint)
    {
        _code.Set(Settings.Endpoint, endpoint ?? string.Empty);
        return this;
    }

    /// <summary>Sets the service name and, optionally, its version.</summary>
    /// <param name="name">The logical service name, <c>service.name</c>.</param>
    /// <param name="version">The service version; when <see langword="null"/>, the version is left as configured elsewhere.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithService(string name, string? version = null)
    {
        _code.Set(Settings.ServiceName, name ?? string.Empty);
        if (version is not null)
        {
            _code.Set(Settings.ServiceVersion, version);
        }

        return this;
    }

    /// <summary>Sets the service namespace, <c>service.namespace</c>.</summary>
    /// <param name="serviceNamespace">The namespace.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithServiceNamespace(string serviceNamespace)
    {
        _code.Set(Settings.ServiceNamespace, serviceNamespace ?? string.Empty);
        return this;
    }

    /// <summary>Sets the service instance id, <c>service.instance.id</c>, which tells apart the instances of one service.</summary>
    /// <param name="serviceInstanceId">The id, for example a pod name or a GUID.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Also set by <c>TELEMETRYFLOW_SERVICE_INSTANCE_ID</c> and the appsettings key <c>ServiceInstanceId</c>.</remarks>
    public TelemetryFlowBuilder WithServiceInstanceId(string serviceInstanceId)
    {
        _code.Set(Settings.ServiceInstanceId, serviceInstanceId);
        return this;
    }

    /// <summary>Sets the deployment environment, for example <c>production</c> or <c>staging</c>.</summary>
    /// <param name="environment">The environment name.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithEnvironment(string environment)
    {
        _code.Set(Settings.Environment, environment ?? string.Empty);
        return this;
    }

    /// <summary>Exports over OTLP/gRPC (the default).</summary>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithGrpc() => WithProtocol(Protocol.Grpc);

    /// <summary>Exports over OTLP/HTTP with protobuf bodies.</summary>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithHttp() => WithProtocol(Protocol.HttpProtobuf);

    /// <summary>Sets the OTLP transport.</summary>
    /// <param name="protocol">The transport.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="BuilderException"><paramref name="protocol"/> is not a defined value.</exception>
    public TelemetryFlowBuilder WithProtocol(Protocol protocol)
    {
        _code.Set(Settings.Protocol, Defined(protocol, nameof(WithProtocol)));
        return this;
    }

    /// <summary>
    /// Allows plaintext (no TLS) export. A <c>host:port</c> endpoint then uses <c>http</c>, and an
    /// <c>http://</c> URL to a non-loopback host is accepted. Loopback hosts never need this.
    /// </summary>
    /// <param name="insecure"><see langword="true"/> to allow plaintext.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithInsecure(bool insecure = true)
    {
        _code.Set(Settings.Insecure, insecure);
        return this;
    }

    /// <summary>Chooses the signals to export (parameter order as in the Python SDK).</summary>
    /// <param name="metrics">Export metrics.</param>
    /// <param name="logs">Export logs.</param>
    /// <param name="traces">Export traces.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithSignals(bool metrics, bool logs, bool traces)
    {
        _code.Set(Settings.EnableMetrics, metrics);
        _code.Set(Settings.EnableLogs, logs);
        _code.Set(Settings.EnableTraces, traces);
        return this;
    }

    /// <summary>Exports metrics only.</summary>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithMetricsOnly() => WithSignals(metrics: true, logs: false, traces: false);

    /// <summary>Exports logs only.</summary>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithLogsOnly() => WithSignals(metrics: false, logs: true, traces: false);

    /// <summary>Exports traces only.</summary>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithTracesOnly() => WithSignals(metrics: false, logs: false, traces: true);

    /// <summary>
    /// Turns the SDK's own metrics on or off (on by default): items exported and dropped by reason, retries, queue and
    /// disk-buffer size and circuit-breaker state, exported with the app's metrics under the meter <c>TelemetryFlow.Sdk</c>.
    /// </summary>
    /// <param name="enabled"><see langword="true"/> to export them.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Also set by <c>TELEMETRYFLOW_ENABLE_SDK_METRICS</c> and the appsettings key <c>EnableSdkMetrics</c>.</remarks>
    public TelemetryFlowBuilder WithSdkMetrics(bool enabled = true)
    {
        _code.Set(Settings.EnableSdkMetrics, enabled);
        return this;
    }

    /// <summary>Turns metric exemplars on or off.</summary>
    /// <param name="enabled"><see langword="true"/> to record exemplars.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithExemplars(bool enabled = true)
    {
        _code.Set(Settings.EnableExemplars, enabled);
        return this;
    }

    /// <summary>
    /// Chooses which groups of the .NET platform's built-in meters are exported (default: all of them): runtime,
    /// process, HttpClient, ASP.NET Core and Kestrel. Groups left out are not exported.
    /// </summary>
    /// <param name="groups">The groups to export, for example <c>PlatformMetrics.All &amp; ~PlatformMetrics.Kestrel</c>.</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// Also set per group by <c>TELEMETRYFLOW_RUNTIME_METRICS</c>, <c>TELEMETRYFLOW_PROCESS_METRICS</c>,
    /// <c>TELEMETRYFLOW_HTTP_CLIENT_METRICS</c>, <c>TELEMETRYFLOW_ASPNETCORE_METRICS</c>, <c>TELEMETRYFLOW_KESTREL_METRICS</c>
    /// and the appsettings keys <c>RuntimeMetrics</c>, <c>ProcessMetrics</c>, <c>HttpClientMetrics</c>,
    /// <c>AspNetCoreMetrics</c>, <c>KestrelMetrics</c>.
    /// </remarks>
    public TelemetryFlowBuilder WithPlatformMetrics(PlatformMetrics groups)
    {
        _code.Set(Settings.RuntimeMetrics, groups.HasFlag(PlatformMetrics.Runtime));
        _code.Set(Settings.ProcessMetrics, groups.HasFlag(PlatformMetrics.Process));
        _code.Set(Settings.HttpClientMetrics, groups.HasFlag(PlatformMetrics.HttpClient));
        _code.Set(Settings.AspNetCoreMetrics, groups.HasFlag(PlatformMetrics.AspNetCore));
        _code.Set(Settings.KestrelMetrics, groups.HasFlag(PlatformMetrics.Kestrel));
        return this;
    }

    /// <summary>Sets the timeout of one export request (greater than 0, at most 10 minutes).</summary>
    /// <param name="timeout">The timeout.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithTimeout(TimeSpan timeout)
    {
        _code.Set(Settings.Timeout, timeout);
        return this;
    }

    /// <summary>Turns gzip compression of export requests on or off.</summary>
    /// <param name="enabled"><see langword="true"/> for gzip.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithCompression(bool enabled = true) =>
        WithCompression(enabled ? ExportCompression.Gzip : ExportCompression.None);

    /// <summary>Sets the compression of export requests.</summary>
    /// <param name="compression">The compression.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="BuilderException"><paramref name="compression"/> is not a defined value.</exception>
    public TelemetryFlowBuilder WithCompression(ExportCompression compression)
    {
        _code.Set(Settings.Compression, Defined(compression, nameof(WithCompression)));
        return this;
    }

    /// <summary>
    /// Configures retry of failed exports. <paramref name="enabled"/> is always applied (so the last
    /// call wins); the other values left <see langword="null"/> keep their configured or default value.
    /// </summary>
    /// <param name="enabled">Retry transient failures; <see langword="false"/> turns retry off.</param>
    /// <param name="maxAttempts">Attempts per export, the first included (1 to 100).</param>
    /// <param name="initialBackoff">Delay before the first retry.</param>
    /// <param name="maxBackoff">Cap on the delay between retries.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithRetry(bool enabled = true, int? maxAttempts = null, TimeSpan? initialBackoff = null, TimeSpan? maxBackoff = null)
    {
        _code.Set(Settings.RetryEnabled, enabled);
        _code.SetIfGiven(Settings.MaxRetries, maxAttempts);
        _code.SetIfGiven(Settings.RetryBackoff, initialBackoff);
        _code.SetIfGiven(Settings.RetryMaxBackoff, maxBackoff);
        return this;
    }

    /// <summary>Configures batching. Values left <see langword="null"/> keep their configured or default value.</summary>
    /// <param name="scheduledDelay">Delay between scheduled exports.</param>
    /// <param name="maxExportBatchSize">Items per export request, at most <paramref name="maxQueueSize"/>.</param>
    /// <param name="maxQueueSize">Items waiting in memory; beyond it new items are dropped and counted.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithBatchSettings(TimeSpan? scheduledDelay = null, int? maxExportBatchSize = null, int? maxQueueSize = null)
    {
        _code.SetIfGiven(Settings.BatchTimeout, scheduledDelay);
        _code.SetIfGiven(Settings.BatchMaxSize, maxExportBatchSize);
        _code.SetIfGiven(Settings.BatchMaxQueueSize, maxQueueSize);
        return this;
    }

    /// <summary>
    /// Caps the size of one export request (default 4 MiB, the TelemetryFlow collector's gRPC limit). A batch over it is
    /// split into several requests; an item too large to fit alone is dropped and counted as <c>item-too-large</c>.
    /// </summary>
    /// <param name="bytes">The cap in bytes of serialized, uncompressed protobuf: 64 KiB to 64 MiB.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Also set by <c>TELEMETRYFLOW_MAX_REQUEST_SIZE</c> and the appsettings key <c>MaxRequestSize</c>.</remarks>
    public TelemetryFlowBuilder WithMaxRequestSize(int bytes)
    {
        _code.Set(Settings.MaxRequestSize, bytes);
        return this;
    }

    /// <summary>
    /// Keeps export requests, all signals together, within <paramref name="requestsPerMinute"/>. By default (0) the SDK
    /// follows the TelemetryFlow backend's own figures (<c>X-RateLimit-*</c>, 100 requests a minute per API key in
    /// production): a request is held until the budget allows it rather than dropped.
    /// </summary>
    /// <param name="requestsPerMinute">Requests per minute, 0 to follow only the backend's figures.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Also set by <c>TELEMETRYFLOW_REQUEST_BUDGET</c> and the appsettings key <c>RequestBudget</c>.</remarks>
    public TelemetryFlowBuilder WithRequestBudget(int requestsPerMinute)
    {
        _code.Set(Settings.RequestBudget, requestsPerMinute);
        return this;
    }

    /// <summary>Limits telemetry to a number of events per minute; 0 means unlimited.</summary>
    /// <param name="eventsPerMinute">The limit.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithRateLimit(int eventsPerMinute)
    {
        _code.Set(Settings.RateLimit, eventsPerMinute);
        return this;
    }

    /// <summary>
    /// Configures the export circuit breaker (on by default): after <paramref name="failureThreshold"/>
    /// consecutive failed exports of a signal the backend is left alone for <paramref name="coolDown"/>,
    /// then one probe decides whether to close or reopen. Values left <see langword="null"/> keep their configured or default value.
    /// </summary>
    /// <param name="enabled"><see langword="false"/> turns the circuit breaker off.</param>
    /// <param name="failureThreshold">Consecutive failures that open the circuit (default 5).</param>
    /// <param name="coolDown">Time the circuit stays open (default 30 s).</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithCircuitBreaker(bool enabled = true, int? failureThreshold = null, TimeSpan? coolDown = null)
    {
        _code.Set(Settings.CircuitBreakerEnabled, enabled);
        _code.SetIfGiven(Settings.CircuitBreakerThreshold, failureThreshold);
        _code.SetIfGiven(Settings.CircuitBreakerCoolDown, coolDown);
        return this;
    }

    /// <summary>
    /// Turns on disk buffering: telemetry that cannot be delivered is stored in <paramref name="directory"/>
    /// and sent once the backend is back, also after a restart. The SDK never picks a directory itself.
    /// </summary>
    /// <param name="directory">An absolute directory the application owns.</param>
    /// <param name="maxSizeBytes">Cap on stored telemetry (default 100 MiB); beyond it new telemetry is dropped and counted.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithPersistentStorage(string directory, long? maxSizeBytes = null)
    {
        _code.Set(Settings.StorageDirectory, directory ?? string.Empty);
        _code.SetIfGiven(Settings.StorageMaxSize, maxSizeBytes);
        return this;
    }

    /// <summary>
    /// Samples a fraction of new traces with a ratio sampler; with <paramref name="parentBased"/>, spans
    /// with a parent follow the parent's decision. Default: everything is sampled.
    /// </summary>
    /// <param name="ratio">The fraction of traces to keep, from 0 to 1.</param>
    /// <param name="parentBased">Follow the parent's sampling decision (default <see langword="true"/>).</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithSampling(double ratio, bool parentBased = true)
    {
        _code.Set(Settings.SamplingRatio, ratio);
        _code.Set(Settings.ParentBasedSampling, parentBased);
        return this;
    }

    /// <summary>
    /// Samples at most <paramref name="tracesPerSecond"/> new traces per second (after the ratio of <see cref="WithSampling"/>),
    /// with bursts of up to one second's worth; 0 removes the limit. Sampled-out spans are not drops: they are never recorded.
    /// </summary>
    /// <param name="tracesPerSecond">Traces per second, 0 for no limit; fractions allowed (0.5 is one trace every 2 s).</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// Also set by <c>TELEMETRYFLOW_TRACES_PER_SECOND</c>, the appsettings key <c>TracesPerSecond</c>, and
    /// <c>OTEL_TRACES_SAMPLER=parentbased_rate_limited</c> (or <c>rate_limited</c>) with the rate in <c>OTEL_TRACES_SAMPLER_ARG</c>.
    /// </remarks>
    public TelemetryFlowBuilder WithTracesPerSecond(double tracesPerSecond)
    {
        _code.Set(Settings.TracesPerSecond, tracesPerSecond);
        return this;
    }

    /// <summary>Chooses the aggregation temporality the metric exporter asks for (default <see cref="MetricTemporality.Cumulative"/>).</summary>
    /// <param name="temporality">The temporality.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="BuilderException"><paramref name="temporality"/> is not a defined value.</exception>
    /// <remarks>Also set by <c>TELEMETRYFLOW_METRICS_TEMPORALITY</c>, <c>OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE</c> and the appsettings key <c>MetricsTemporality</c>.</remarks>
    public TelemetryFlowBuilder WithMetricsTemporality(MetricTemporality temporality)
    {
        _code.Set(Settings.MetricsTemporality, Defined(temporality, nameof(WithMetricsTemporality)));
        return this;
    }

    /// <summary>Aggregates every histogram without a view of its own into base-2 exponential buckets, or back into explicit buckets.</summary>
    /// <param name="enabled"><see langword="true"/> for exponential histograms.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Also set by <c>TELEMETRYFLOW_METRICS_HISTOGRAM_AGGREGATION</c>, <c>OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION</c> and the appsettings key <c>HistogramAggregation</c>.</remarks>
    public TelemetryFlowBuilder WithExponentialHistograms(bool enabled = true)
    {
        _code.Set(Settings.DefaultHistogram, enabled ? HistogramAggregation.Base2Exponential : HistogramAggregation.ExplicitBuckets);
        return this;
    }

    /// <summary>
    /// Adds a metric view: drop an instrument, rename its stream, keep some attributes or choose its histogram buckets.
    /// The first view that matches an instrument applies; views added in code come before those in appsettings.
    /// </summary>
    /// <param name="view">The view, for example <c>MetricView.DropInstrument("db.client.*")</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="BuilderException"><paramref name="view"/> is <see langword="null"/>.</exception>
    /// <remarks>Also set by the appsettings section <c>MetricViews</c>.</remarks>
    public TelemetryFlowBuilder WithMetricView(MetricView view)
    {
        _code.MetricViews.Add(view ?? throw new BuilderException($"{nameof(WithMetricView)} needs a view, not null."));
        return this;
    }

    /// <summary>Trusts only the certificate authority in <paramref name="pemPath"/> for the export endpoint's certificate, instead of the system's trust store.</summary>
    /// <param name="pemPath">A PEM file holding the CA certificate (several allowed).</param>
    /// <returns>This builder.</returns>
    /// <remarks>Also set by <c>TELEMETRYFLOW_CERTIFICATE</c>, <c>OTEL_EXPORTER_OTLP_CERTIFICATE</c> and the appsettings key <c>Certificate</c>.</remarks>
    public TelemetryFlowBuilder WithCertificateAuthority(string pemPath)
    {
        _code.Set(Settings.Certificate, pemPath ?? string.Empty);
        return this;
    }

    /// <summary>Presents a client certificate to the export endpoint (mutual TLS).</summary>
    /// <param name="certificatePath">A PEM file holding the client certificate.</param>
    /// <param name="keyPath">A PEM file holding its unencrypted private key.</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// Also set by <c>TELEMETRYFLOW_CLIENT_CERTIFICATE</c>/<c>TELEMETRYFLOW_CLIENT_KEY</c>, <c>OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE</c>/<c>OTEL_EXPORTER_OTLP_CLIENT_KEY</c>
    /// and the appsettings keys <c>ClientCertificate</c>/<c>ClientKey</c>.
    /// </remarks>
    public TelemetryFlowBuilder WithClientCertificate(string certificatePath, string keyPath)
    {
        _code.Set(Settings.ClientCertificate, certificatePath ?? string.Empty);
        _code.Set(Settings.ClientKey, keyPath ?? string.Empty);
        return this;
    }

    /// <summary>
    /// Copies W3C baggage entries onto spans (when they start) and log records as attributes: those whose key starts with
    /// one of <paramref name="keyPrefixes"/>, or every entry when none is given. Off by default. Attribute limits and PII
    /// redaction apply to the copies; an attribute the span or record already has is kept.
    /// </summary>
    /// <param name="keyPrefixes">Key prefixes such as <c>tenant.</c>; none, or <c>*</c>, for every entry.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Also set by <c>TELEMETRYFLOW_BAGGAGE_KEYS</c> and the appsettings key <c>BaggageKeys</c>.</remarks>
    public TelemetryFlowBuilder WithBaggageAttributes(params string[] keyPrefixes)
    {
        _code.Set(Settings.BaggageKeys, keyPrefixes is null || keyPrefixes.Length == 0 ? "*" : string.Join(',', keyPrefixes));
        return this;
    }

    /// <summary>Sets per-item limits. Values left <see langword="null"/> keep their configured or default value.</summary>
    /// <param name="attributeValueLength">Maximum string attribute length (default 4096); longer values are truncated and counted.</param>
    /// <param name="attributeCount">Maximum attributes per span, event or log record (default 128).</param>
    /// <param name="logBodyLength">Maximum log body length (default 32768); longer bodies are truncated and counted.</param>
    /// <param name="metricCardinality">
    /// Maximum attribute sets per metric (default 2000; also <c>TELEMETRYFLOW_METRIC_CARDINALITY_LIMIT</c>); beyond it
    /// OpenTelemetry's overflow set is used. OpenTelemetry preallocates this many points per metric, about 90 bytes each.
    /// </param>
    /// <param name="maxMetricStreams">
    /// Maximum metric streams, about one per metric name (default 1000, OpenTelemetry's; also
    /// <c>TELEMETRYFLOW_METRIC_MAX_STREAMS</c>); measurements for names beyond it are dropped and counted as <c>metric-limit</c>.
    /// </param>
    /// <param name="attributeKeyLength">Maximum attribute key length (default 256); attributes with longer keys are dropped and counted.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithLimits(int? attributeValueLength = null, int? attributeCount = null, int? logBodyLength = null, int? metricCardinality = null, int? maxMetricStreams = null, int? attributeKeyLength = null)
    {
        _code.SetIfGiven(Settings.MaxMetricStreams, maxMetricStreams);
        _code.SetIfGiven(Settings.AttributeKeyLength, attributeKeyLength);
        _code.SetIfGiven(Settings.AttributeValueLength, attributeValueLength);
        _code.SetIfGiven(Settings.AttributeCount, attributeCount);
        _code.SetIfGiven(Settings.LogBodyLength, logBodyLength);
        _code.SetIfGiven(Settings.MetricCardinalityLimit, metricCardinality);
        return this;
    }

    /// <summary>
    /// Turns on PII redaction of log bodies and string attributes (including the request middleware's):
    /// emails become <c>[EMAIL_REDACTED]</c>, Luhn-valid card numbers <c>[CC_REDACTED]</c>, US SSNs
    /// <c>[SSN_REDACTED]</c> and phone numbers <c>[PHONE_REDACTED]</c>; custom patterns run after these.
    /// </summary>
    /// <param name="customPatterns">Extra patterns.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithPiiRedaction(params RedactionPattern[] customPatterns)
    {
        _code.Set(Settings.PiiRedaction, true);
        _code.RedactionPatterns.AddRange(customPatterns ?? []);
        return this;
    }

    /// <summary>Sets the collector id, sent as a resource attribute and a header.</summary>
    /// <param name="collectorId">The id.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithCollectorId(string collectorId)
    {
        _code.Set(Settings.CollectorId, collectorId);
        return this;
    }

    /// <summary>Sets the collector name, sent as a resource attribute and a header.</summary>
    /// <param name="collectorName">The name.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithCollectorName(string collectorName)
    {
        _code.Set(Settings.CollectorName, collectorName);
        return this;
    }

    /// <summary>Sets the collector host name, sent as a resource attribute and a header.</summary>
    /// <param name="collectorHostname">The host name.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithCollectorHostname(string collectorHostname)
    {
        _code.Set(Settings.CollectorHostname, collectorHostname);
        return this;
    }

    /// <summary>Sets the datacenter, sent as a resource attribute and a header.</summary>
    /// <param name="datacenter">The datacenter.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithDatacenter(string datacenter)
    {
        _code.Set(Settings.Datacenter, datacenter);
        return this;
    }

    /// <summary>Adds a resource attribute. The SDK's own keys (<c>service.*</c>, <c>deployment.*</c>, <c>telemetry.distro.*</c>) win over it.</summary>
    /// <param name="key">The attribute key; must be non-empty.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithCustomAttribute(string key, string value)
    {
        _code.CustomAttributes[key ?? string.Empty] = value ?? string.Empty;
        return this;
    }

    /// <summary>Adds resource attributes.</summary>
    /// <param name="attributes">The attributes.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="BuilderException"><paramref name="attributes"/> is <see langword="null"/>.</exception>
    public TelemetryFlowBuilder WithCustomAttributes(IEnumerable<KeyValuePair<string, string>> attributes)
    {
        if (attributes is null)
        {
            throw new BuilderException($"{nameof(WithCustomAttributes)} needs a collection of attributes, not null.");
        }

        foreach (var (key, value) in attributes)
        {
            WithCustomAttribute(key, value);
        }

        return this;
    }

    /// <summary>
    /// Exports spans from the application's own <see cref="System.Diagnostics.ActivitySource"/>s
    /// alongside the SDK's. Names may end in <c>*</c>, for example <c>MyApp.*</c>. Calls add up.
    /// </summary>
    /// <param name="sourceNames">The source names.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="BuilderException"><paramref name="sourceNames"/> is <see langword="null"/>.</exception>
    public TelemetryFlowBuilder WithTraceSources(params string[] sourceNames)
    {
        _code.TraceSources.AddRange(sourceNames ?? throw new BuilderException($"{nameof(WithTraceSources)} needs source names, not null."));
        return this;
    }

    /// <summary>
    /// Exports metrics from the application's own <see cref="System.Diagnostics.Metrics.Meter"/>s
    /// alongside the SDK's. Names may end in <c>*</c>. Calls add up.
    /// </summary>
    /// <param name="meterNames">The meter names.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="BuilderException"><paramref name="meterNames"/> is <see langword="null"/>.</exception>
    public TelemetryFlowBuilder WithMeters(params string[] meterNames)
    {
        _code.Meters.AddRange(meterNames ?? throw new BuilderException($"{nameof(WithMeters)} needs meter names, not null."));
        return this;
    }

    /// <summary>
    /// Chooses which client libraries are traced without setup when the application uses them: a span per EF Core
    /// command, per Microsoft.Data.SqlClient command and per Grpc.Net.Client call. All are on by default; the SDK
    /// references none of these libraries, and detects them at run time.
    /// </summary>
    /// <param name="entityFrameworkCore"><see langword="true"/> to trace EF Core commands.</param>
    /// <param name="sqlClient"><see langword="true"/> to trace Microsoft.Data.SqlClient commands.</param>
    /// <param name="grpcClient"><see langword="true"/> to trace Grpc.Net.Client calls.</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// Also set by <c>TELEMETRYFLOW_TRACE_ENTITYFRAMEWORKCORE</c>, <c>TELEMETRYFLOW_TRACE_SQLCLIENT</c>,
    /// <c>TELEMETRYFLOW_TRACE_GRPCCLIENT</c> and the appsettings keys <c>TraceEntityFrameworkCore</c>,
    /// <c>TraceSqlClient</c>, <c>TraceGrpcClient</c>.
    /// </remarks>
    public TelemetryFlowBuilder WithLibraryTracing(bool entityFrameworkCore = true, bool sqlClient = true, bool grpcClient = true)
    {
        _code.Set(Settings.TraceEntityFrameworkCore, entityFrameworkCore);
        _code.Set(Settings.TraceSqlClient, sqlClient);
        _code.Set(Settings.TraceGrpcClient, grpcClient);
        return this;
    }

    /// <summary>Uses the TelemetryFlow v2 ingestion API: <c>/v2/{signal}</c> paths and the <c>X-TelemetryFlow-API-Version: v2</c> header.</summary>
    /// <param name="enabled"><see langword="true"/> for v2.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithV2Api(bool enabled = true)
    {
        _code.Set(Settings.UseV2Api, enabled);
        return this;
    }

    /// <summary>Uses only the v2 API: implies <see cref="WithV2Api"/> and refuses v1 per-signal endpoints.</summary>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithV2Only()
    {
        _code.Set(Settings.UseV2Api, true);
        _code.Set(Settings.V2Only, true);
        return this;
    }

    /// <summary>Overrides the traces endpoint; with HTTP it is the full URL (nothing is appended).</summary>
    /// <param name="endpoint">The URL, or <c>host:port</c> for gRPC.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithTracesEndpoint(string endpoint)
    {
        _code.Set(Settings.TracesEndpoint, endpoint ?? string.Empty);
        return this;
    }

    /// <summary>Overrides the metrics endpoint; with HTTP it is the full URL (nothing is appended).</summary>
    /// <param name="endpoint">The URL, or <c>host:port</c> for gRPC.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithMetricsEndpoint(string endpoint)
    {
        _code.Set(Settings.MetricsEndpoint, endpoint ?? string.Empty);
        return this;
    }

    /// <summary>Overrides the logs endpoint; with HTTP it is the full URL (nothing is appended).</summary>
    /// <param name="endpoint">The URL, or <c>host:port</c> for gRPC.</param>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithLogsEndpoint(string endpoint)
    {
        _code.Set(Settings.LogsEndpoint, endpoint ?? string.Empty);
        return this;
    }

    /// <summary>
    /// Reads settings from the process environment (see <see cref="TelemetryFlowEnvironmentVariables"/>)
    /// when <see cref="Build"/> runs. Settings made in code win over the environment.
    /// </summary>
    /// <returns>This builder.</returns>
    public TelemetryFlowBuilder WithAutoConfiguration() => WithAutoConfiguration(System.Environment.GetEnvironmentVariable);

    /// <summary>
    /// Reads settings named as in <see cref="TelemetryFlowEnvironmentVariables"/> from a custom source,
    /// for example a dictionary in tests or a secrets store.
    /// </summary>
    /// <param name="readVariable">Returns a variable's value, or <see langword="null"/> when it is unset.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="BuilderException"><paramref name="readVariable"/> is <see langword="null"/>.</exception>
    public TelemetryFlowBuilder WithAutoConfiguration(Func<string, string?> readVariable)
    {
        _readEnvironment = readVariable ?? throw new BuilderException($"{nameof(WithAutoConfiguration)} needs a function that reads a variable, not null.");
        return this;
    }

    /// <summary>Validates the settings and creates the configuration.</summary>
    /// <returns>The immutable configuration.</returns>
    /// <exception cref="ConfigurationException">The settings are invalid; <see cref="ConfigurationException.Errors"/> lists every problem.</exception>
    public TelemetryConfig Build() =>
        TryBuild(out var config, out var errors) ? config : throw new ConfigurationException(errors);

    /// <summary>Validates the settings and creates the configuration, without throwing.</summary>
    /// <param name="config">The configuration, when valid.</param>
    /// <param name="errors">Every problem found; empty when valid.</param>
    /// <returns><see langword="true"/> when the configuration is valid.</returns>
    public bool TryBuild([NotNullWhen(true)] out TelemetryConfig? config, out IReadOnlyList<string> errors)
    {
        var (settings, parseErrors, knownSecrets) = Resolve();
        var allErrors = parseErrors.Concat(_sectionErrors).Select(error => SettingMessages.Render(error, knownSecrets)).ToList();
        allErrors.AddRange(new TelemetrySettingsValidator(knownSecrets).Validate(settings).Select(problem => problem.Message));
        if (allErrors.Count > 0)
        {
            config = null;
            errors = allErrors.AsReadOnly();
            return false;
        }

        config = CreateConfig(settings);
        errors = Array.Empty<string>();
        return true;
    }

    /// <summary>Adds a layer of settings below the environment (for example appsettings); used by the hosting integration.</summary>
    internal TelemetryFlowBuilder WithLowerPrecedenceSettings(TelemetrySettings settings)
    {
        _lowerLayers.Add(settings);
        return this;
    }

    /// <summary>
    /// The host's environment name (<c>IHostEnvironment.EnvironmentName</c>), used lowercased when neither code, the
    /// environment nor appsettings set one; used by the hosting integration (see <see cref="HostEnvironmentLayer"/>).
    /// </summary>
    internal TelemetryFlowBuilder WithHostEnvironmentName(string? name)
    {
        _hostEnvironmentName = name;
        return this;
    }

    /// <summary>
    /// Adds an appsettings-style section below the environment: code &gt; environment &gt; this section &gt; defaults.
    /// Malformed values and unknown keys are reported by <see cref="Build"/> with the other problems.
    /// </summary>
    internal TelemetryFlowBuilder WithSettingsSection(
        Func<string, string?> read,
        Func<string, IEnumerable<KeyValuePair<string, string?>>> children,
        IEnumerable<string> keys,
        string sectionPath)
    {
        var (settings, errors) = AppSettingsReader.Read(read, children, keys, sectionPath);
        _sectionErrors.AddRange(errors);
        return WithLowerPrecedenceSettings(settings);
    }

    /// <summary>Merges the layers; also returns the key secret of every layer, since errors must not quote a shadowed one either.</summary>
    private (TelemetrySettings Settings, IReadOnlyList<FormattableString> Errors, IReadOnlyCollection<string?> KnownSecrets) Resolve()
    {
        var merged = _code;
        // Header values are secrets too (tokens, passwords): no message quotes text containing one.
        var knownSecrets = new List<string?> { _code.Get(Settings.ApiKeySecret) };
        knownSecrets.AddRange(_code.AllHeaders.Select(h => h.Header.Value));
        IReadOnlyList<FormattableString> errors = Array.Empty<FormattableString>();
        if (_readEnvironment is not null)
        {
            var (environment, environmentErrors) = EnvironmentSettingsReader.Read(_readEnvironment);
            merged = merged.Over(environment);
            knownSecrets.Add(environment.Get(Settings.ApiKeySecret));
            knownSecrets.AddRange(environment.AllHeaders.Select(h => h.Header.Value));
            errors = environmentErrors;
        }

        foreach (var layer in _lowerLayers)
        {
            merged = merged.Over(layer);
            knownSecrets.Add(layer.Get(Settings.ApiKeySecret));
            knownSecrets.AddRange(layer.AllHeaders.Select(h => h.Header.Value));
        }

        merged = merged.Over(HostEnvironmentLayer.Read(_readEnvironment, _hostEnvironmentName));

        var defaults = TelemetrySettings.Defaults(merged.IsSet(Settings.Protocol) ? merged.Get(Settings.Protocol) : TelemetryConfig.DefaultProtocol);
        if (!merged.IsSet(Settings.BatchMaxSize) && merged.IsSet(Settings.BatchMaxQueueSize) && merged.Get(Settings.BatchMaxQueueSize) is var queue && queue < BatchSettings.DefaultMaxExportBatchSize)
        {
            // A queue set smaller than the default batch: the default batch shrinks to fit rather than fail validation.
            defaults.SetValue(Settings.BatchMaxSize, Math.Max(1, queue), "default");
        }

        return (merged.Over(defaults), errors, knownSecrets);
    }

    private static TelemetryConfig CreateConfig(TelemetrySettings s)
    {
        var insecure = s.Get(Settings.Insecure);
        OtlpEndpoint.TryParse(s.Get(Settings.Endpoint), insecure, out var endpointUri, out _);
        var v2 = s.Get(Settings.UseV2Api) || s.Get(Settings.V2Only);
        return new TelemetryConfig
        {
            Credentials = ExportCredentials.AreSent(s) ? new Credentials(s.Get(Settings.ApiKeyId)!, s.Get(Settings.ApiKeySecret)!) : null,
            Headers = Values(s.Headers),
            SignalHeaders = new ReadOnlyDictionary<SignalType, IReadOnlyDictionary<string, string>>(
                s.SignalHeaders.Where(signal => signal.Value.Count > 0).ToDictionary(signal => signal.Key, IReadOnlyDictionary<string, string> (signal) => Values(signal.Value))),
            Endpoint = s.Get(Settings.Endpoint)!,
            EndpointUri = endpointUri,
            Protocol = s.Get(Settings.Protocol),
            Insecure = insecure,
            ServiceName = s.Get(Settings.ServiceName)!,
            ServiceVersion = s.Get(Settings.ServiceVersion),
            ServiceNamespace = s.Get(Settings.ServiceNamespace),
            ServiceInstanceId = s.Get(Settings.ServiceInstanceId)!,
            Environment = s.Get(Settings.Environment)!,
            EnabledSignals = (s.Get(Settings.EnableTraces) ? SignalType.Traces : SignalType.None)
                | (s.Get(Settings.EnableMetrics) ? SignalType.Metrics : SignalType.None)
                | (s.Get(Settings.EnableLogs) ? SignalType.Logs : SignalType.None),
            ExemplarsEnabled = s.Get(Settings.EnableExemplars),
            SdkMetricsEnabled = s.Get(Settings.EnableSdkMetrics),
            TracedLibraries = (s.Get(Settings.TraceEntityFrameworkCore) ? TracedLibraries.EntityFrameworkCore : TracedLibraries.None)
                | (s.Get(Settings.TraceSqlClient) ? TracedLibraries.SqlClient : TracedLibraries.None)
                | (s.Get(Settings.TraceGrpcClient) ? TracedLibraries.GrpcClient : TracedLibraries.None),
            PlatformMetrics = (s.Get(Settings.RuntimeMetrics) ? PlatformMetrics.Runtime : PlatformMetrics.None)
                | (s.Get(Settings.ProcessMetrics) ? PlatformMetrics.Process : PlatformMetrics.None)
                | (s.Get(Settings.HttpClientMetrics) ? PlatformMetrics.HttpClient : PlatformMetrics.None)
                | (s.Get(Settings.AspNetCoreMetrics) ? PlatformMetrics.AspNetCore : PlatformMetrics.None)
                | (s.Get(Settings.KestrelMetrics) ? PlatformMetrics.Kestrel : PlatformMetrics.None),
            ExportTimeout = s.Get(Settings.Timeout),
            Compression = s.Get(Settings.Compression),
            Retry = new RetrySettings(s.Get(Settings.RetryEnabled), s.Get(Settings.MaxRetries), s.Get(Settings.RetryBackoff), s.Get(Settings.RetryMaxBackoff)),
            Batch = new BatchSettings(s.Get(Settings.BatchTimeout), s.Get(Settings.BatchMaxSize), s.Get(Settings.BatchMaxQueueSize)),
            RateLimit = s.Get(Settings.RateLimit),
            MaxRequestSizeBytes = s.Get(Settings.MaxRequestSize),
            RequestBudget = s.Get(Settings.RequestBudget),
            CircuitBreaker = new CircuitBreakerSettings(s.Get(Settings.CircuitBreakerEnabled), s.Get(Settings.CircuitBreakerThreshold), s.Get(Settings.CircuitBreakerCoolDown)),
            PersistentStorage = s.Get(Settings.StorageDirectory) is { Length: > 0 } directory ? new PersistentStorageSettings(directory, s.Get(Settings.StorageMaxSize)) : null,
            Limits = new TelemetryLimits(
                s.Get(Settings.AttributeValueLength), s.Get(Settings.AttributeCount), s.Get(Settings.LogBodyLength),
                s.Get(Settings.MetricCardinalityLimit), s.Get(Settings.MaxMetricStreams), s.Get(Settings.AttributeKeyLength)),
            PiiRedaction = s.Get(Settings.PiiRedaction) ? new PiiRedactionSettings(s.RedactionPatterns.ToArray()) : null,
            SamplingRatio = s.Get(Settings.SamplingRatio),
            ParentBasedSampling = s.Get(Settings.ParentBasedSampling),
            TracesPerSecond = s.Get(Settings.TracesPerSecond),
            MetricsTemporality = s.Get(Settings.MetricsTemporality),
            HistogramAggregation = s.Get(Settings.DefaultHistogram),
            MetricViews = s.MetricViews.ToArray(),
            CertificateAuthorityPath = s.Get(Settings.Certificate),
            ClientCertificatePath = s.Get(Settings.ClientCertificate),
            ClientKeyPath = s.Get(Settings.ClientKey),
            BaggageKeys = (s.Get(Settings.BaggageKeys) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            CollectorId = s.Get(Settings.CollectorId),
            CollectorName = s.Get(Settings.CollectorName),
            CollectorHostname = s.Get(Settings.CollectorHostname),
            Datacenter = s.Get(Settings.Datacenter),
            CustomAttributes = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(s.CustomAttributes, StringComparer.Ordinal)),
            TraceSources = s.TraceSources.Distinct(StringComparer.Ordinal).ToArray(),
            Meters = s.Meters.Distinct(StringComparer.Ordinal).ToArray(),
            ApiVersion = v2 ? ApiVersion.V2 : ApiVersion.V1,
            V2Only = s.Get(Settings.V2Only),
            TracesEndpoint = SignalUri(s.Get(Settings.TracesEndpoint), insecure),
            MetricsEndpoint = SignalUri(s.Get(Settings.MetricsEndpoint), insecure),
            LogsEndpoint = SignalUri(s.Get(Settings.LogsEndpoint), insecure),
        };
    }

    private static ReadOnlyDictionary<string, string> Values(Dictionary<string, ExportHeader> headers) =>
        new ReadOnlyDictionary<string, string>(headers.ToDictionary(h => h.Key, h => h.Value.Value, StringComparer.OrdinalIgnoreCase));

    private static Uri? SignalUri(string? value, bool insecure) =>
        value is not null && OtlpEndpoint.TryParse(value, insecure, out var uri, out _) ? uri : null;

    private static T Defined<T>(T value, string method)
        where T : struct, Enum =>
        Enum.IsDefined(value)
            ? value
            : throw new BuilderException($"{method} was given {value}, which is not a defined {typeof(T).Name}; use one of: {string.Join(", ", Enum.GetNames<T>())}.");
}
