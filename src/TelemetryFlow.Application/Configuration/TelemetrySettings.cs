namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// One layer of configuration (code, environment, appsettings or defaults). Every value is
/// optional: <see langword="null"/> means "this layer does not set it", so layers merge by
/// taking the first non-null value in precedence order.
/// </summary>
internal sealed class TelemetrySettings
{
    public string? ApiKeyId { get; set; }

    public string? ApiKeySecret { get; set; }

    public string? Endpoint { get; set; }

    public Protocol? Protocol { get; set; }

    public bool? Insecure { get; set; }

    public string? ServiceName { get; set; }

    public string? ServiceVersion { get; set; }

    public string? ServiceNamespace { get; set; }

    public string? Environment { get; set; }

    public bool? EnableTraces { get; set; }

    public bool? EnableMetrics { get; set; }

    public bool? EnableLogs { get; set; }

    public bool? EnableExemplars { get; set; }

    public TimeSpan? Timeout { get; set; }

    public ExportCompression? Compression { get; set; }

    public bool? RetryEnabled { get; set; }

    public int? RetryMaxAttempts { get; set; }

    public TimeSpan? RetryInitialBackoff { get; set; }

    public TimeSpan? RetryMaxBackoff { get; set; }

    public TimeSpan? BatchScheduledDelay { get; set; }

    public int? BatchMaxExportSize { get; set; }

    public int? BatchMaxQueueSize { get; set; }

    public int? RateLimit { get; set; }

    public int? MaxRequestSize { get; set; }

    public int? RequestBudget { get; set; }

    public string? CollectorId { get; set; }

    public string? CollectorName { get; set; }

    public string? CollectorHostname { get; set; }

    public string? Datacenter { get; set; }

    public Dictionary<string, string> CustomAttributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra ActivitySource names (wildcards allowed) to export; layers add up.</summary>
    public List<string> TraceSources { get; } = [];

    /// <summary>Extra Meter names (wildcards allowed) to export; layers add up.</summary>
    public List<string> Meters { get; } = [];

    public bool? UseV2Api { get; set; }

    public bool? CircuitBreakerEnabled { get; set; }

    public int? CircuitBreakerThreshold { get; set; }

    public TimeSpan? CircuitBreakerCoolDown { get; set; }

    public string? StorageDirectory { get; set; }

    public long? StorageMaxSizeBytes { get; set; }

    public int? LimitAttributeValueLength { get; set; }

    public int? LimitAttributeCount { get; set; }

    public int? LimitLogBodyLength { get; set; }

    public int? LimitMetricCardinality { get; set; }

    public int? LimitMaxMetricStreams { get; set; }

    public int? LimitAttributeKeyLength { get; set; }

    public bool? PiiRedaction { get; set; }

    public List<RedactionPattern> RedactionPatterns { get; } = [];

    public double? SamplingRatio { get; set; }

    public bool? ParentBasedSampling { get; set; }

    public bool? V2Only { get; set; }

    public string? TracesEndpoint { get; set; }

    public string? MetricsEndpoint { get; set; }

    public string? LogsEndpoint { get; set; }

    /// <summary>The defaults layer. The default endpoint follows the protocol chosen by the higher layers.</summary>
    public static TelemetrySettings Defaults(Protocol protocol) => new()
    {
        Endpoint = protocol == TelemetryFlow.Protocol.HttpProtobuf ? TelemetryConfig.DefaultHttpEndpoint : TelemetryConfig.DefaultGrpcEndpoint,
        Protocol = TelemetryConfig.DefaultProtocol,
        Insecure = false,
        ServiceVersion = TelemetryConfig.DefaultServiceVersion,
        ServiceNamespace = TelemetryConfig.DefaultServiceNamespace,
        Environment = TelemetryConfig.DefaultEnvironment,
        EnableTraces = true,
        EnableMetrics = true,
        EnableLogs = true,
        EnableExemplars = TelemetryConfig.DefaultExemplarsEnabled,
        Timeout = TelemetryConfig.DefaultExportTimeout,
        Compression = TelemetryConfig.DefaultCompression,
        RetryEnabled = RetrySettings.DefaultEnabled,
        RetryMaxAttempts = RetrySettings.DefaultMaxAttempts,
        RetryInitialBackoff = RetrySettings.DefaultInitialBackoff,
        RetryMaxBackoff = RetrySettings.DefaultMaxBackoff,
        BatchScheduledDelay = BatchSettings.DefaultScheduledDelay,
        BatchMaxExportSize = BatchSettings.DefaultMaxExportBatchSize,
        BatchMaxQueueSize = BatchSettings.DefaultMaxQueueSize,
        RateLimit = TelemetryConfig.DefaultRateLimit,
        MaxRequestSize = TelemetryConfig.DefaultMaxRequestSizeBytes,
        RequestBudget = TelemetryConfig.DefaultRequestBudget,
        UseV2Api = false,
        V2Only = false,
        CircuitBreakerEnabled = CircuitBreakerSettings.Default.Enabled,
        CircuitBreakerThreshold = CircuitBreakerSettings.DefaultFailureThreshold,
        CircuitBreakerCoolDown = CircuitBreakerSettings.DefaultCoolDown,
        StorageMaxSizeBytes = PersistentStorageSettings.DefaultMaxSizeBytes,
        LimitAttributeValueLength = TelemetryLimits.DefaultAttributeValueLength,
        LimitAttributeCount = TelemetryLimits.DefaultAttributeCount,
        LimitLogBodyLength = TelemetryLimits.DefaultLogBodyLength,
        LimitMetricCardinality = TelemetryLimits.DefaultMetricCardinality,
        LimitMaxMetricStreams = TelemetryLimits.DefaultMaxMetricStreams,
        LimitAttributeKeyLength = TelemetryLimits.DefaultAttributeKeyLength,
        PiiRedaction = false,
        SamplingRatio = 1.0,
        ParentBasedSampling = true,
    };

    /// <summary>Returns a new layer holding this layer's values, with <paramref name="lower"/> filling the gaps.</summary>
    public TelemetrySettings Over(TelemetrySettings lower)
    {
        var merged = new TelemetrySettings
        {
            ApiKeyId = ApiKeyId ?? lower.ApiKeyId,
            ApiKeySecret = ApiKeySecret ?? lower.ApiKeySecret,
            Endpoint = Endpoint ?? lower.Endpoint,
            Protocol = Protocol ?? lower.Protocol,
            Insecure = Insecure ?? lower.Insecure,
            ServiceName = ServiceName ?? lower.ServiceName,
            ServiceVersion = ServiceVersion ?? lower.ServiceVersion,
            ServiceNamespace = ServiceNamespace ?? lower.ServiceNamespace,
            Environment = Environment ?? lower.Environment,
            EnableTraces = EnableTraces ?? lower.EnableTraces,
            EnableMetrics = EnableMetrics ?? lower.EnableMetrics,
            EnableLogs = EnableLogs ?? lower.EnableLogs,
            EnableExemplars = EnableExemplars ?? lower.EnableExemplars,
            Timeout = Timeout ?? lower.Timeout,
            Compression = Compression ?? lower.Compression,
            RetryEnabled = RetryEnabled ?? lower.RetryEnabled,
            RetryMaxAttempts = RetryMaxAttempts ?? lower.RetryMaxAttempts,
            RetryInitialBackoff = RetryInitialBackoff ?? lower.RetryInitialBackoff,
            RetryMaxBackoff = RetryMaxBackoff ?? lower.RetryMaxBackoff,
            BatchScheduledDelay = BatchScheduledDelay ?? lower.BatchScheduledDelay,
            BatchMaxExportSize = BatchMaxExportSize ?? lower.BatchMaxExportSize,
            BatchMaxQueueSize = BatchMaxQueueSize ?? lower.BatchMaxQueueSize,
            RateLimit = RateLimit ?? lower.RateLimit,
            MaxRequestSize = MaxRequestSize ?? lower.MaxRequestSize,
            RequestBudget = RequestBudget ?? lower.RequestBudget,
            CollectorId = CollectorId ?? lower.CollectorId,
            CollectorName = CollectorName ?? lower.CollectorName,
            CollectorHostname = CollectorHostname ?? lower.CollectorHostname,
            Datacenter = Datacenter ?? lower.Datacenter,
            UseV2Api = UseV2Api ?? lower.UseV2Api,
            CircuitBreakerEnabled = CircuitBreakerEnabled ?? lower.CircuitBreakerEnabled,
            CircuitBreakerThreshold = CircuitBreakerThreshold ?? lower.CircuitBreakerThreshold,
            CircuitBreakerCoolDown = CircuitBreakerCoolDown ?? lower.CircuitBreakerCoolDown,
            StorageDirectory = StorageDirectory ?? lower.StorageDirectory,
            StorageMaxSizeBytes = StorageMaxSizeBytes ?? lower.StorageMaxSizeBytes,
            LimitAttributeValueLength = LimitAttributeValueLength ?? lower.LimitAttributeValueLength,
            LimitAttributeCount = LimitAttributeCount ?? lower.LimitAttributeCount,
            LimitLogBodyLength = LimitLogBodyLength ?? lower.LimitLogBodyLength,
            LimitMetricCardinality = LimitMetricCardinality ?? lower.LimitMetricCardinality,
            LimitMaxMetricStreams = LimitMaxMetricStreams ?? lower.LimitMaxMetricStreams,
            LimitAttributeKeyLength = LimitAttributeKeyLength ?? lower.LimitAttributeKeyLength,
            PiiRedaction = PiiRedaction ?? lower.PiiRedaction,
            SamplingRatio = SamplingRatio ?? lower.SamplingRatio,
            ParentBasedSampling = ParentBasedSampling ?? lower.ParentBasedSampling,
            V2Only = V2Only ?? lower.V2Only,
            TracesEndpoint = TracesEndpoint ?? lower.TracesEndpoint,
            MetricsEndpoint = MetricsEndpoint ?? lower.MetricsEndpoint,
            LogsEndpoint = LogsEndpoint ?? lower.LogsEndpoint,
        };

        foreach (var (key, value) in lower.CustomAttributes)
        {
            merged.CustomAttributes[key] = value;
        }

        foreach (var (key, value) in CustomAttributes)
        {
            merged.CustomAttributes[key] = value;
        }

        merged.RedactionPatterns.AddRange(lower.RedactionPatterns.Concat(RedactionPatterns).Distinct());
        merged.TraceSources.AddRange(lower.TraceSources.Union(TraceSources, StringComparer.Ordinal));
        merged.Meters.AddRange(lower.Meters.Union(Meters, StringComparer.Ordinal));
        return merged;
    }
}
