namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Reads the appsettings section (by default <c>TelemetryFlow</c>) into a settings layer. Keys
/// mirror the builder: <c>ApiKeyId</c>, <c>ApiKeySecret</c>, <c>Endpoint</c>, <c>Protocol</c>,
/// <c>ServiceName</c>, … (see <see cref="Keys"/>). Values use the same forms as the environment
/// variables; <c>TraceSources</c> and <c>Meters</c> take arrays or comma-separated text, and
/// <c>CustomAttributes</c> a section of key/value pairs.
/// </summary>
internal sealed class AppSettingsReader : SettingsReader
{
    private readonly Func<string, IEnumerable<KeyValuePair<string, string?>>> _children;
    private readonly string _sectionPath;

    private AppSettingsReader(Func<string, string?> read, Func<string, IEnumerable<KeyValuePair<string, string?>>> children, string sectionPath)
        : base(read)
    {
        _children = children;
        _sectionPath = sectionPath;
    }

    /// <summary>Every key the section may hold.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "ApiKeyId", "ApiKeySecret", "Endpoint", "Protocol", "Insecure", "ServiceName", "ServiceVersion", "ServiceNamespace",
        "Environment", "EnableTraces", "EnableMetrics", "EnableLogs", "EnableExemplars", "Timeout", "Compression",
        "RetryEnabled", "MaxRetries", "RetryBackoff", "RetryMaxBackoff", "BatchTimeout", "BatchMaxSize", "BatchMaxQueueSize",
        "RateLimit", "MaxRequestSize", "RequestBudget", "CollectorId", "CollectorName", "CollectorHostname", "Datacenter", "UseV2Api", "V2Only",
        "TracesEndpoint", "MetricsEndpoint", "LogsEndpoint", "TraceSources", "Meters", "CustomAttributes",
        "StorageDirectory", "SamplingRatio", "PiiRedaction", "MetricCardinalityLimit", "MaxMetricStreams",
    ];

    /// <summary>Reads the section.</summary>
    /// <param name="read">Returns the value of a key in the section, or <see langword="null"/>.</param>
    /// <param name="children">Returns the child key/value pairs of a key (arrays and sections).</param>
    /// <param name="sectionPath">The section's path, used in error messages (for example <c>TelemetryFlow</c>).</param>
    public static (TelemetrySettings Settings, IReadOnlyList<FormattableString> Errors) Read(
        Func<string, string?> read,
        Func<string, IEnumerable<KeyValuePair<string, string?>>> children,
        string sectionPath)
    {
        var reader = new AppSettingsReader(read, children, sectionPath);
        var settings = reader.ReadAll();
        return (settings, reader.Errors);
    }

    protected override string Describe(string name) => $"{_sectionPath}:{name}";

    private TelemetrySettings ReadAll()
    {
        var settings = new TelemetrySettings
        {
            ApiKeyId = Text("ApiKeyId"),
            ApiKeySecret = Text("ApiKeySecret"),
            Endpoint = Text("Endpoint"),
            Protocol = Parsed<Protocol>("Protocol", SettingParsers.TryParseProtocol, "Grpc or HttpProtobuf (or grpc, http)"),
            Insecure = Boolean("Insecure"),
            ServiceName = Text("ServiceName"),
            ServiceVersion = Text("ServiceVersion"),
            ServiceNamespace = Text("ServiceNamespace"),
            Environment = Text("Environment"),
            EnableTraces = Boolean("EnableTraces"),
            EnableMetrics = Boolean("EnableMetrics"),
            EnableLogs = Boolean("EnableLogs"),
            EnableExemplars = Boolean("EnableExemplars"),
            Timeout = Duration("Timeout", PlainNumberUnit.Seconds),
            Compression = Parsed<ExportCompression>("Compression", SettingParsers.TryParseCompression, "Gzip, None, true or false"),
            RetryEnabled = Boolean("RetryEnabled"),
            RetryMaxAttempts = Integer("MaxRetries"),
            RetryInitialBackoff = Duration("RetryBackoff", PlainNumberUnit.Milliseconds),
            RetryMaxBackoff = Duration("RetryMaxBackoff", PlainNumberUnit.Milliseconds),
            BatchScheduledDelay = Duration("BatchTimeout", PlainNumberUnit.Milliseconds),
            BatchMaxExportSize = Integer("BatchMaxSize"),
            BatchMaxQueueSize = Integer("BatchMaxQueueSize"),
            RateLimit = Integer("RateLimit"),
            MaxRequestSize = Integer("MaxRequestSize"),
            RequestBudget = Integer("RequestBudget"),
            LimitMetricCardinality = Integer("MetricCardinalityLimit"),
            LimitMaxMetricStreams = Integer("MaxMetricStreams"),
            CollectorId = Text("CollectorId"),
            CollectorName = Text("CollectorName"),
            CollectorHostname = Text("CollectorHostname"),
            Datacenter = Text("Datacenter"),
            UseV2Api = Boolean("UseV2Api"),
            V2Only = Boolean("V2Only"),
            TracesEndpoint = Text("TracesEndpoint"),
            MetricsEndpoint = Text("MetricsEndpoint"),
            LogsEndpoint = Text("LogsEndpoint"),
        };

        settings.StorageDirectory = Text("StorageDirectory");
        settings.SamplingRatio = Parsed<double>("SamplingRatio", TryParseRatio, "a ratio from 0 to 1, for example 0.25");
        settings.PiiRedaction = Boolean("PiiRedaction");
        settings.TraceSources.AddRange(List("TraceSources"));
        settings.Meters.AddRange(List("Meters"));
        foreach (var (key, value) in _children("CustomAttributes"))
        {
            settings.CustomAttributes[key] = value ?? string.Empty;
        }

        return settings;
    }

    private static bool TryParseRatio(string text, out double ratio) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out ratio) && ratio is >= 0 and <= 1;

    private IEnumerable<string> List(string key)
    {
        var fromArray = _children(key).Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        return fromArray.Count > 0
            ? fromArray
            : (Text(key) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
