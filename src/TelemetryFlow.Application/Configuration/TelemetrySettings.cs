namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// One layer of configuration (code, environment, appsettings or defaults): a value per setting of
/// <see cref="SettingCatalog"/> that the layer sets, each with its source. Layers merge by taking, per setting, the value
/// of the highest layer that sets it; the lists and attributes add up.
/// </summary>
internal sealed class TelemetrySettings
{
    private readonly Dictionary<Setting, SettingValue> _values = [];

    /// <summary>Creates an empty layer.</summary>
    /// <param name="source">The source of every value set without an explicit origin.</param>
    public TelemetrySettings(SettingSource source = SettingSource.Code) => Source = source;

    /// <summary>The layer's source.</summary>
    public SettingSource Source { get; }

    public Dictionary<string, string> CustomAttributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra export headers by name (case-insensitive); layers add up, the higher layer's value winning per name.</summary>
    public Dictionary<string, ExportHeader> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Extra export headers of one signal (<c>OTEL_EXPORTER_OTLP_TRACES_HEADERS</c> and so on).</summary>
    public Dictionary<SignalType, Dictionary<string, ExportHeader>> SignalHeaders { get; } = [];

    /// <summary>Every header of this layer with the signal it is limited to (<see cref="SignalType.All"/>: every signal).</summary>
    public IEnumerable<(SignalType Signal, string Name, ExportHeader Header)> AllHeaders =>
        Headers.Select(h => (SignalType.All, h.Key, h.Value))
            .Concat(SignalHeaders.SelectMany(signal => signal.Value.Select(h => (signal.Key, h.Key, h.Value))));

    /// <summary>Extra ActivitySource names (wildcards allowed) to export; layers add up.</summary>
    public List<string> TraceSources { get; } = [];

    /// <summary>Extra Meter names (wildcards allowed) to export; layers add up.</summary>
    public List<string> Meters { get; } = [];

    public List<RedactionPattern> RedactionPatterns { get; } = [];

    /// <summary>Metric views, in order; layers add up, higher layers' views first (the first match applies).</summary>
    public List<MetricView> MetricViews { get; } = [];

    /// <summary>The value, or <see langword="default"/> when this layer does not set it.</summary>
    public T Get<T>(Setting<T> setting) => _values.TryGetValue(setting, out var value) ? (T)value.Value! : default!;

    /// <summary>The value with its source, or <see langword="null"/> when this layer does not set it.</summary>
    public SettingValue? Find(Setting setting) => _values.TryGetValue(setting, out var value) ? value : null;

    public bool IsSet(Setting setting) => _values.ContainsKey(setting);

    /// <summary>Sets a value; the origin is the variable or key it was read from, by default the setting's builder method.</summary>
    public TelemetrySettings Set<T>(Setting<T> setting, T value, string? origin = null) => SetValue(setting, value, origin);

    /// <summary>Sets a value when it is not <see langword="null"/> (an optional builder argument).</summary>
    public TelemetrySettings SetIfGiven<T>(Setting<T> setting, T? value)
        where T : struct => value is { } given ? Set(setting, given) : this;

    /// <summary>Sets a value; <see langword="null"/> (an optional string left out) means this layer does not set it.</summary>
    internal TelemetrySettings SetValue(Setting setting, object? value, string? origin = null)
    {
        if (value is null)
        {
            _values.Remove(setting);
        }
        else
        {
            _values[setting] = new SettingValue(value, Source, origin ?? setting.Method ?? setting.Name);
        }

        return this;
    }

    /// <summary>The extra headers of <paramref name="signal"/>, created empty when the layer has none yet.</summary>
    public Dictionary<string, ExportHeader> HeadersOf(SignalType signal)
    {
        if (!SignalHeaders.TryGetValue(signal, out var headers))
        {
            headers = new Dictionary<string, ExportHeader>(StringComparer.OrdinalIgnoreCase);
            SignalHeaders[signal] = headers;
        }

        return headers;
    }

    /// <summary>The defaults layer. The default endpoint follows the protocol chosen by the higher layers.</summary>
    public static TelemetrySettings Defaults(Protocol protocol)
    {
        var defaults = new TelemetrySettings(SettingSource.Default);
        foreach (var setting in SettingCatalog.All.Where(s => s.DefaultValue is not null))
        {
            defaults.SetValue(setting, setting.DefaultValue, "default");
        }

        defaults.SetValue(SettingCatalog.Endpoint, protocol == TelemetryFlow.Protocol.HttpProtobuf ? TelemetryConfig.DefaultHttpEndpoint : TelemetryConfig.DefaultGrpcEndpoint, "default");
        return defaults;
    }

    /// <summary>Returns a new layer holding this layer's values, with <paramref name="lower"/> filling the gaps.</summary>
    public TelemetrySettings Over(TelemetrySettings lower)
    {
        var merged = new TelemetrySettings(Source);
        foreach (var (setting, value) in lower._values)
        {
            merged._values[setting] = value;
        }

        foreach (var (setting, value) in _values)
        {
            merged._values[setting] = value;
        }

        foreach (var (key, value) in lower.CustomAttributes.Concat(CustomAttributes))
        {
            merged.CustomAttributes[key] = value;
        }

        merged.MetricViews.AddRange(MetricViews.Concat(lower.MetricViews));
        foreach (var (name, header) in lower.Headers.Concat(Headers))
        {
            merged.Headers[name] = header;
        }

        foreach (var (signal, headers) in lower.SignalHeaders.Concat(SignalHeaders))
        {
            foreach (var (name, header) in headers)
            {
                merged.HeadersOf(signal)[name] = header;
            }
        }

        merged.RedactionPatterns.AddRange(lower.RedactionPatterns.Concat(RedactionPatterns).Distinct());
        merged.TraceSources.AddRange(lower.TraceSources.Union(TraceSources, StringComparer.Ordinal));
        merged.Meters.AddRange(lower.Meters.Union(Meters, StringComparer.Ordinal));
        return merged;
    }
}
